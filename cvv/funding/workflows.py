"""The FIMACS lifecycles, declared as tables of transitions (cvv.core.workflows).

Who may fire what:
- dossier: submit / resubmit / withdraw by the people of the dossier's commune; the
  instruction steps, the committee's decisions and the convention's signature by
  instructors and administrators; payments' start and the closing by finance officers and
  administrators; the caducité (lapse) only by the platform (daily task, `cvv fimacs lapse`);
- payment requests: validated or rejected by finance officers and administrators;
- committee sessions: closed (minutes) by instructors and administrators;
- règlements: voted (adopted) by administrators.
"""

from cvv.core.workflows import Transition, Workflow
from cvv.funding.models import DossierState as S
from cvv.organisations.access import commune_side
from cvv.organisations.enums import Role

COMMUNE = (Role.COMMUNE_AGENT, Role.COMMERCE_MANAGER)
INSTRUCTION = (Role.INSTRUCTOR, Role.METROPOLE_ADMIN)
FINANCE = (Role.FINANCE_OFFICER, Role.METROPOLE_ADMIN)
OF_COMMUNE = commune_side("commune")

DOSSIER = Workflow(
    "funding.dossier",
    [
        Transition(
            "submit",
            [S.DRAFT],
            S.SUBMITTED,
            "Déposer le dossier",
            roles=COMMUNE,
            scope=OF_COMMUNE,
            group="commune",
        ),
        Transition(
            "request_completion",
            [S.SUBMITTED, S.RESUBMITTED, S.UNDER_INSTRUCTION],
            S.COMPLETION_REQUESTED,
            "Demander des compléments",
            reason_required=True,
            roles=INSTRUCTION,
            group="instruction",
        ),
        Transition(
            "resubmit",
            [S.COMPLETION_REQUESTED],
            S.RESUBMITTED,
            "Redéposer le dossier complété",
            roles=COMMUNE,
            scope=OF_COMMUNE,
            group="commune",
        ),
        Transition(
            "start_instruction",
            [S.SUBMITTED, S.RESUBMITTED],
            S.UNDER_INSTRUCTION,
            "Ouvrir l’instruction",
            roles=INSTRUCTION,
            group="instruction",
        ),
        Transition(
            "refuse_ineligible",
            [S.SUBMITTED, S.RESUBMITTED, S.COMPLETION_REQUESTED],
            S.REFUSED,
            "Refuser (dossier inéligible)",
            reason_required=True,
            roles=INSTRUCTION,
            group="instruction",
        ),
        Transition(
            "mark_ready",
            [S.UNDER_INSTRUCTION],
            S.READY_FOR_COMMITTEE,
            "Transmettre au comité",
            roles=INSTRUCTION,
            group="instruction",
        ),
        Transition(
            "back_to_instruction",
            [S.READY_FOR_COMMITTEE, S.DEFERRED],
            S.UNDER_INSTRUCTION,
            "Reprendre l’instruction",
            reason_required=True,
            roles=INSTRUCTION,
            group="instruction",
        ),
        Transition(
            "grant",
            [S.READY_FOR_COMMITTEE],
            S.GRANTED,
            "Accorder l’aide",
            roles=INSTRUCTION,
            group="committee",
        ),
        Transition(
            "refuse",
            [S.READY_FOR_COMMITTEE],
            S.REFUSED,
            "Refuser",
            reason_required=True,
            roles=INSTRUCTION,
            group="committee",
        ),
        Transition(
            "defer",
            [S.READY_FOR_COMMITTEE],
            S.DEFERRED,
            "Ajourner",
            reason_required=True,
            roles=INSTRUCTION,
            group="committee",
        ),
        Transition(
            "reschedule",
            [S.DEFERRED],
            S.READY_FOR_COMMITTEE,
            "Représenter au comité",
            roles=INSTRUCTION,
            group="instruction",
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
            scope=OF_COMMUNE,
            group="commune",
        ),
        Transition(
            "lapse",
            [S.GRANTED, S.CONVENTION_SIGNED, S.PAYING],
            S.LAPSED,
            "Constater la caducité",
            reason_required=True,
            system=True,
        ),
    ],
    model="funding.Dossier",
)

PAYMENT = Workflow(
    "funding.payment",
    [
        Transition("validate", ["submitted"], "validated", "Valider le versement"),
        Transition("reject", ["submitted"], "rejected", "Rejeter la demande", reason_required=True),
    ],
    model="funding.PaymentRequest",
    roles=FINANCE,
)

SESSION = Workflow(
    "funding.session",
    [Transition("close", ["planned"], "held", "Arrêter le procès-verbal")],
    model="funding.CommitteeSession",
    roles=INSTRUCTION,
)

REGLEMENT = Workflow(
    "funding.reglement",
    [Transition("adopt", ["draft"], "adopted", "Voter le règlement")],
    model="funding.Reglement",
    field_name="status",
    roles=(Role.METROPOLE_ADMIN,),
)
