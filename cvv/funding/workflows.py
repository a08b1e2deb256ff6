"""The dossier workflow, declared as a table of transitions (cvv.core.workflows)."""

from cvv.core.workflows import Transition, Workflow
from cvv.funding.models import DossierState as S

COMMUNE = ("commune_agent", "commerce_manager")
INSTRUCTION = ("instructor", "metropole_admin")
FINANCE = ("finance_officer", "metropole_admin")

DOSSIER = Workflow(
    "funding.dossier",
    [
        Transition("submit", [S.DRAFT], S.SUBMITTED, "Déposer le dossier", roles=COMMUNE),
        Transition(
            "request_completion",
            [S.SUBMITTED, S.RESUBMITTED, S.UNDER_INSTRUCTION],
            S.COMPLETION_REQUESTED,
            "Demander des compléments",
            reason_required=True,
            roles=INSTRUCTION,
        ),
        Transition(
            "resubmit",
            [S.COMPLETION_REQUESTED],
            S.RESUBMITTED,
            "Redéposer le dossier complété",
            roles=COMMUNE,
        ),
        Transition(
            "start_instruction",
            [S.SUBMITTED, S.RESUBMITTED],
            S.UNDER_INSTRUCTION,
            "Ouvrir l’instruction",
            roles=INSTRUCTION,
        ),
        Transition(
            "refuse_ineligible",
            [S.SUBMITTED, S.RESUBMITTED, S.COMPLETION_REQUESTED],
            S.REFUSED,
            "Refuser (dossier inéligible)",
            reason_required=True,
            roles=INSTRUCTION,
        ),
        Transition(
            "mark_ready",
            [S.UNDER_INSTRUCTION],
            S.READY_FOR_COMMITTEE,
            "Transmettre au comité",
            roles=INSTRUCTION,
        ),
        Transition(
            "back_to_instruction",
            [S.READY_FOR_COMMITTEE, S.DEFERRED],
            S.UNDER_INSTRUCTION,
            "Reprendre l’instruction",
            reason_required=True,
            roles=INSTRUCTION,
        ),
        Transition("grant", [S.READY_FOR_COMMITTEE], S.GRANTED, "Accorder l’aide"),
        Transition("refuse", [S.READY_FOR_COMMITTEE], S.REFUSED, "Refuser", reason_required=True),
        Transition("defer", [S.READY_FOR_COMMITTEE], S.DEFERRED, "Ajourner", reason_required=True),
        Transition(
            "reschedule",
            [S.DEFERRED],
            S.READY_FOR_COMMITTEE,
            "Représenter au comité",
            roles=INSTRUCTION,
        ),
        Transition(
            "sign_convention",
            [S.GRANTED],
            S.CONVENTION_SIGNED,
            "Enregistrer la signature de la convention",
            roles=INSTRUCTION,
        ),
        Transition(
            "start_payments",
            [S.CONVENTION_SIGNED],
            S.PAYING,
            "Premier versement validé",
            roles=FINANCE,
        ),
        Transition(
            "close", [S.CONVENTION_SIGNED, S.PAYING], S.CLOSED, "Solder et clore", roles=FINANCE
        ),
        Transition(
            "withdraw",
            [
                S.DRAFT,
                S.SUBMITTED,
                S.COMPLETION_REQUESTED,
                S.RESUBMITTED,
                S.UNDER_INSTRUCTION,
                S.READY_FOR_COMMITTEE,
                S.DEFERRED,
                S.GRANTED,
                S.CONVENTION_SIGNED,
            ],
            S.WITHDRAWN,
            "Retirer le dossier",
            reason_required=True,
            roles=COMMUNE,
        ),
        Transition(
            "lapse",
            [S.GRANTED, S.CONVENTION_SIGNED, S.PAYING],
            S.LAPSED,
            "Constater la caducité",
            reason_required=True,
        ),
    ],
)
