"""The request to talk: the peer accepts or declines, the requester may cancel."""

from cvv.core.workflows import Transition, Workflow
from cvv.network.selectors import ELIGIBLE_ROLES
from cvv.organisations.enums import INSTRUCTION_ROLES


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
