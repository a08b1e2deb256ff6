"""The request to talk: the peer accepts or declines, the requester may cancel."""

from cvv.core.workflows import Transition, Workflow
from cvv.network.selectors import ELIGIBLE_ROLES
from cvv.organisations.enums import EXPERT_ROLES, INSTRUCTION_ROLES, METROPOLE_STAFF_ROLES


def is_peer(access, request):
    return request.peer.user_id == access.user_id


def is_requester(access, request):
    return request.requester_id == access.user_id


CONTACT = Workflow(
    "network.contact",
    [
        Transition(
            "accept",
            source=["pending"],
            target="accepted",
            label="Accepter l’échange",
            scope=is_peer,
        ),
        Transition(
            "decline", source=["pending"], target="declined", label="Décliner", scope=is_peer
        ),
        Transition(
            "cancel",
            source=["pending"],
            target="cancelled",
            label="Annuler la demande",
            scope=is_requester,
        ),
    ],
    model="network.ContactRequest",
    roles=ELIGIBLE_ROLES,
)


NEWSLETTER = Workflow(
    "network.newsletter",
    [Transition("send", source=["draft"], target="sent", label="Envoyer aux membres")],
    model="network.Newsletter",
    roles=INSTRUCTION_ROLES,
)


def is_addressee(access, advice):
    """Staff, or a person of the organisation the request is addressed to."""
    return access.is_metropole_staff or advice.organisation_id in access.organisation_ids


ADVICE = Workflow(
    "network.advice",
    [
        Transition(
            "answer",
            source=["submitted"],
            target="answered",
            label="Répondre",
            roles=(*METROPOLE_STAFF_ROLES, *EXPERT_ROLES),
            scope=is_addressee,
        ),
        Transition(
            "decline",
            source=["submitted"],
            target="declined",
            label="Décliner",
            roles=(*METROPOLE_STAFF_ROLES, *EXPERT_ROLES),
            scope=is_addressee,
        ),
        Transition(
            "withdraw",
            source=["submitted"],
            target="withdrawn",
            label="Retirer la demande",
            roles=ELIGIBLE_ROLES,
            scope=is_requester,
        ),
    ],
    model="network.AdviceRequest",
)
