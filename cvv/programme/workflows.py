"""Every state change of the programme, declared as data (see cvv.core.workflows).

Services call `WORKFLOW.apply(obj, name, actor=…, reason=…)`: the guard (roles and scope)
is checked, the row locked, the source state checked, the new state saved and an audit
entry written. Pages draw their buttons from `WORKFLOW.allowed(obj, user)`.

Who may fire what (the guard of each transition):
- editions: the Métropole's administrators;
- candidatures: submit / resubmit by the commune's people and its territory's agents,
  withdraw by the commune's people, instruction and committee decisions by instructors
  and administrators;
- reviews: only the reviewer (an instructor or administrator) on their own review;
- accompaniments (state): the Métropole's staff; phases: the advisors (staff, and the
  partner experts on the team);
- actions and recommendations: the accompaniment's contributors (advisors, the commune's
  people, the team's commune members);
- expertise requests: accept / answer / decline by the partner's members (and the staff),
  close / reopen by the contributors of the accompaniment (and the staff);
- toolbox resources: instructors and administrators;
- help requests to the Métropole: closed / reopened by the commune's people or the staff.
"""

from cvv.core.workflows import Transition, Workflow
from cvv.organisations.access import commune_side
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES, Role

ADMIN = (Role.METROPOLE_ADMIN,)
REVIEWERS = (Role.METROPOLE_ADMIN, Role.INSTRUCTOR)
STAFF = tuple(sorted(METROPOLE_STAFF_ROLES))
COMMUNE = tuple(sorted(COMMUNE_ROLES))
PARTNERS = (Role.PARTNER_EXPERT, Role.FONCIERE_OFFICER)
ADVISORS = STAFF + PARTNERS
CONTRIBUTORS = ADVISORS + COMMUNE + (Role.TERRITORY_AGENT,)
ADVISOR_KINDS = ("referent", "metropole", "expert")


# --- Scope predicates: scope(access, obj) -> bool ---------------------------------------


def prepares_candidature(access, candidature):
    """The commune's people and its territory's agents prepare the candidature."""
    commune = candidature.commune
    return access.is_commune_side(commune) or commune.territoire.code in access.territoire_codes


def own_review(access, review):
    return access.user_id is not None and review.reviewer_id == access.user_id


def _on_team(access, accompaniment, kinds):
    if access.user_id is None:
        return False
    return accompaniment.members.filter(user_id=access.user_id, kind__in=kinds).exists()


def advises(access, accompaniment):
    """Staff, and the referent / Métropole / expert members of the team (they steer)."""
    return access.is_metropole_staff or _on_team(access, accompaniment, ADVISOR_KINDS)


def contributes(access, accompaniment):
    """Advisors, the commune's people and the team's commune members (they write)."""
    return (
        advises(access, accompaniment)
        or access.is_commune_side(accompaniment.commune)
        or _on_team(access, accompaniment, ("commune",))
    )


def _of_accompaniment(predicate):
    def scoped(access, obj):
        return predicate(access, obj.accompaniment)

    scoped.__name__ = f"{predicate.__name__}(accompaniment)"
    return scoped


def answers_expertise(access, request):
    """The staff and the members of the partner the request is routed to."""
    return access.is_metropole_staff or request.partner_id in access.organisation_ids


contributes_to_accompaniment = _of_accompaniment(contributes)

EDITION = Workflow(
    "programme.edition",
    [
        Transition(
            "open_call", ["draft"], "call_open", "Ouvrir l’appel à candidatures", roles=ADMIN
        ),
        Transition(
            "close_call", ["call_open"], "selection", "Clore l’appel et sélectionner", roles=ADMIN
        ),
        Transition("start", ["selection"], "running", "Lancer les accompagnements", roles=ADMIN),
        Transition(
            "close",
            ["running"],
            "closed",
            "Clôturer l’édition",
            reason_required=True,
            roles=ADMIN,
        ),
    ],
    model="programme.Edition",
)

CANDIDATURE = Workflow(
    "programme.candidature",
    [
        Transition(
            "submit",
            ["draft"],
            "submitted",
            "Déposer la candidature",
            roles=(*COMMUNE, Role.TERRITORY_AGENT),
            scope=prepares_candidature,
            group="commune",
        ),
        Transition(
            "request_completion",
            ["submitted", "resubmitted"],
            "completion_requested",
            "Demander des compléments",
            reason_required=True,
            roles=REVIEWERS,
            group="instruction",
        ),
        Transition(
            "resubmit",
            ["completion_requested"],
            "resubmitted",
            "Redéposer complétée",
            roles=(*COMMUNE, Role.TERRITORY_AGENT),
            scope=prepares_candidature,
            group="commune",
        ),
        Transition(
            "declare_eligible",
            ["submitted", "resubmitted"],
            "under_review",
            "Déclarer éligible et ouvrir l’évaluation",
            roles=REVIEWERS,
            group="instruction",
        ),
        Transition(
            "declare_ineligible",
            ["submitted", "resubmitted"],
            "ineligible",
            "Déclarer inéligible",
            reason_required=True,
            roles=REVIEWERS,
            group="instruction",
        ),
        Transition(
            "accept",
            ["under_review", "deferred"],
            "accepted",
            "Retenir",
            reason_required=True,
            roles=REVIEWERS,
            group="decision",
        ),
        Transition(
            "accept_studies",
            ["under_review", "deferred"],
            "accepted_studies",
            "Retenir pour les études seulement",
            reason_required=True,
            roles=REVIEWERS,
            group="decision",
        ),
        Transition(
            "refuse",
            ["under_review", "deferred"],
            "refused",
            "Ne pas retenir",
            reason_required=True,
            roles=REVIEWERS,
            group="decision",
        ),
        Transition(
            "defer",
            ["under_review"],
            "deferred",
            "Ajourner",
            reason_required=True,
            roles=REVIEWERS,
            group="decision",
        ),
        Transition(
            "withdraw",
            ["draft", "submitted", "completion_requested", "resubmitted"],
            "withdrawn",
            "Retirer la candidature",
            roles=COMMUNE,
            scope=commune_side("commune"),
            group="commune",
        ),
    ],
    model="programme.Candidature",
)

# Committee decisions: transition name -> label shown in the ranking.
DECISIONS = {
    "accept": "Retenue",
    "accept_studies": "Retenue pour les études seulement",
    "refuse": "Non retenue",
    "defer": "Ajournée",
}

REVIEW = Workflow(
    "programme.review",
    [
        Transition("submit", ["draft"], "submitted", "Remettre l’évaluation"),
        Transition("reopen", ["submitted"], "draft", "Rouvrir l’évaluation"),
        Transition(
            "recuse", ["draft"], "recused", "Se déporter (conflit d’intérêts)", reason_required=True
        ),
    ],
    model="programme.Review",
    roles=REVIEWERS,
    scope=own_review,
)

ACCOMPANIMENT = Workflow(
    "programme.accompaniment",
    [
        Transition("suspend", ["active"], "suspended", "Suspendre", reason_required=True),
        Transition("resume", ["suspended"], "active", "Reprendre"),
        Transition("complete", ["active"], "completed", "Terminer l’accompagnement"),
        Transition(
            "abandon", ["active", "suspended"], "abandoned", "Abandonner", reason_required=True
        ),
    ],
    model="programme.Accompaniment",
    roles=STAFF,
)

PHASE = Workflow(
    "programme.accompaniment.phase",
    [
        Transition("to_strategy", ["diagnostic"], "strategy", "Passer à la stratégie"),
        Transition("to_action_plan", ["strategy"], "action_plan", "Passer au plan d’actions"),
        Transition(
            "to_implementation", ["action_plan"], "implementation", "Passer à la mise en œuvre"
        ),
        Transition("to_evaluation", ["implementation"], "evaluation", "Passer à l’évaluation"),
    ],
    model="programme.Accompaniment",
    field_name="phase",
    roles=ADVISORS,
    scope=advises,
)

ACTION = Workflow(
    "programme.action",
    [
        Transition("start", ["planned"], "in_progress", "Démarrer"),
        Transition("complete", ["planned", "in_progress"], "done", "Marquer réalisée"),
        Transition(
            "cancel", ["planned", "in_progress"], "cancelled", "Abandonner", reason_required=True
        ),
        Transition("reopen", ["done", "cancelled"], "in_progress", "Rouvrir"),
    ],
    model="programme.Action",
    field_name="status",
    roles=CONTRIBUTORS,
    scope=contributes_to_accompaniment,
)

RECOMMENDATION = Workflow(
    "programme.recommendation",
    [
        Transition("start", ["proposed"], "in_progress", "En cours"),
        Transition("complete", ["proposed", "in_progress"], "done", "Faite"),
        Transition(
            "dismiss",
            ["proposed", "in_progress"],
            "not_relevant",
            "Non pertinente",
            reason_required=True,
        ),
        Transition("reopen", ["done", "not_relevant"], "proposed", "Rouvrir"),
    ],
    model="programme.Recommendation",
    field_name="status",
    roles=CONTRIBUTORS,
    scope=contributes_to_accompaniment,
)

EXPERTISE = Workflow(
    "programme.expertise",
    [
        # The partner's side (and the Métropole's staff).
        Transition(
            "accept",
            ["submitted"],
            "accepted",
            "Prendre en charge",
            roles=ADVISORS,
            scope=answers_expertise,
        ),
        Transition(
            "answer",
            ["submitted", "accepted"],
            "answered",
            "Répondre",
            roles=ADVISORS,
            scope=answers_expertise,
        ),
        Transition(
            "decline",
            ["submitted", "accepted"],
            "declined",
            "Décliner",
            reason_required=True,
            roles=ADVISORS,
            scope=answers_expertise,
        ),
        # The requesting accompaniment's side (and the Métropole's staff).
        Transition("close", ["answered"], "closed", "Clore"),
        Transition("reopen", ["answered"], "accepted", "Relancer (réponse incomplète)"),
    ],
    model="programme.ExpertiseRequest",
    roles=CONTRIBUTORS,
    scope=contributes_to_accompaniment,
)


def handles_help_request(access, request):
    """The Métropole's staff, or the people of the commune that asked."""
    return access.is_metropole_staff or access.is_commune_side(request.commune)


HELP_REQUEST = Workflow(
    "programme.help_request",
    [
        Transition("close", ["open"], "closed", "Clore la demande"),
        Transition("reopen", ["closed"], "open", "Rouvrir la demande"),
    ],
    model="programme.HelpRequest",
    roles=STAFF + COMMUNE,
    scope=handles_help_request,
)

RESOURCE = Workflow(
    "programme.resource",
    [
        Transition("submit_review", ["draft"], "in_review", "Envoyer en relecture"),
        Transition("publish", ["draft", "in_review"], "published", "Publier"),
        Transition("back_to_draft", ["in_review", "published"], "draft", "Repasser en brouillon"),
        Transition("archive", ["draft", "in_review", "published"], "archived", "Archiver"),
    ],
    model="programme.Resource",
    roles=REVIEWERS,
)
