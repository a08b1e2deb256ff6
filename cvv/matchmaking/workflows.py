"""Lifecycles of matchmaking, declared as tables of transitions (cvv.core.workflows).

Who may fire what:
- an offer is published, withdrawn and published again by who manages its premises in the
  register (the Métropole's staff, the commune's people for their commune's premises, the
  foncière's officers for the premises it follows: `cvv.premises.selectors`);
- an introduction is accepted or declined by who manages the offer's premises (the
  commune on behalf of its vacant premises, the foncière, the staff);
- an actor's directory profile is validated or refused by the Métropole's staff;
- a search is closed and reopened by the members of its organisation or the Métropole's
  staff.
"""

from cvv.core.workflows import Transition, Workflow
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES, Role

MANAGERS = tuple(sorted(METROPOLE_STAFF_ROLES | COMMUNE_ROLES | {Role.FONCIERE_OFFICER}))
STAFF = tuple(sorted(METROPOLE_STAFF_ROLES))


def manages_premises(access, offer):
    """Staff; the commune's people for their commune; the foncière's officers for the
    premises it follows (the scope of `cvv.premises.selectors.premises_visible_to`)."""
    premises = offer.premises
    if access.is_metropole_staff:
        return True
    if access.has_role(*COMMUNE_ROLES) and access.is_commune_side(premises.commune):
        return True
    return access.has_role(Role.FONCIERE_OFFICER) and premises.fonciere_followed


def member_of_organisation(access, search):
    return access.is_metropole_staff or search.organisation_id in access.organisation_ids


OFFER_WORKFLOW = Workflow(
    "matchmaking.offer",
    [
        Transition("publish", source=["brouillon"], target="publiee", label="Publier"),
        Transition(
            "withdraw", source=["publiee"], target="retiree", label="Retirer", reason_required=True
        ),
        Transition("republish", source=["retiree"], target="publiee", label="Republier"),
    ],
    model="matchmaking.Offer",
    roles=MANAGERS,
    scope=manages_premises,
)

SEARCH_WORKFLOW = Workflow(
    "matchmaking.search",
    [
        Transition("close", source=["active"], target="close", label="Clore la recherche"),
        Transition("reopen", source=["close"], target="active", label="Rouvrir la recherche"),
    ],
    model="matchmaking.Search",
    roles=(*STAFF, Role.ECONOMIC_ACTOR),
    scope=member_of_organisation,
)


def manages_offer_of(access, introduction):
    return manages_premises(access, introduction.offer)


def party_of(access, introduction):
    """Either side of an introduction: who manages the offer's premises, or a member of
    the search's organisation (the staff are both)."""
    return manages_premises(access, introduction.offer) or member_of_organisation(
        access, introduction.search
    )


PARTIES = tuple(sorted({*MANAGERS, Role.ECONOMIC_ACTOR}))
OPEN_STAGES = ["acceptee", "visite", "candidature"]

# After acceptance: visits (dated, as many as needed), the application, then the outcome —
# the lease signed (by who manages the premises: it updates the register) or abandoned
# with a reason (either side).
INTRODUCTION_WORKFLOW = Workflow(
    "matchmaking.introduction",
    [
        Transition("accept", source=["demandee"], target="acceptee", label="Accepter"),
        Transition(
            "decline", source=["demandee"], target="refusee", label="Refuser", reason_required=True
        ),
        Transition(
            "visit",
            source=["acceptee", "visite"],
            target="visite",
            label="Noter une visite",
            roles=PARTIES,
            scope=party_of,
            group="stage",
        ),
        Transition(
            "apply",
            source=["acceptee", "visite"],
            target="candidature",
            label="Noter la candidature déposée",
            roles=PARTIES,
            scope=party_of,
            group="stage",
        ),
        Transition(
            "sign",
            source=["candidature"],
            target="bail_signe",
            label="Noter le bail signé",
            group="stage",
        ),
        Transition(
            "abandon",
            source=OPEN_STAGES,
            target="abandonnee",
            label="Abandonner",
            reason_required=True,
            roles=PARTIES,
            scope=party_of,
            group="stage",
        ),
    ],
    model="matchmaking.Introduction",
    roles=MANAGERS,
    scope=manages_offer_of,
)


PROFILE_WORKFLOW = Workflow(
    "matchmaking.profile",
    [
        Transition("validate", source=["a_valider", "refusee"], target="validee", label="Valider"),
        Transition(
            "refuse", source=["a_valider"], target="refusee", label="Refuser", reason_required=True
        ),
    ],
    model="matchmaking.ActorProfile",
    roles=STAFF,
)


from cvv.matchmaking.proposals import PROPOSAL_WORKFLOW  # noqa: E402, F401  (registered here)
