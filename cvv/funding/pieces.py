"""The pieces a FIMACS dossier and a payment request must carry, each its own slot
(`cvv.documents.slots`): which vault kinds may fill it, whether it is required."""

from cvv.documents.models import DocumentKind as K
from cvv.documents.slots import Slot, Slots

OTHER = Slot(
    "autre",
    "Autres pièces",
    tuple(K.values),
    required=False,
    many=True,
    help="Toute pièce utile à l’instruction (facultatif).",
)

DOSSIER_SLOTS = Slots(
    Slot(
        "deliberation",
        "Délibération du conseil municipal",
        (K.DELIBERATION,),
        help="La délibération qui approuve le projet et sollicite l’aide du FIMACS.",
    ),
    Slot(
        "devis",
        "Devis",
        (K.DEVIS,),
        many=True,
        help="Les devis des dépenses présentées (un ou plusieurs).",
    ),
    Slot(
        "plan_financement",
        "Plan de financement",
        (K.PLAN_FINANCEMENT,),
        help="Le plan de financement daté et signé.",
    ),
    Slot("rib", "RIB (relevé d’identité bancaire)", (K.RIB,), help="Le RIB de la commune."),
    OTHER,
)

# The advance is asked without proof; interim and final payments carry their invoices and
# the statement of expenses.
PAYMENT_SLOTS = Slots(
    Slot(
        "etat_depenses",
        "État récapitulatif des dépenses",
        (K.ETAT_DEPENSES,),
        help="L’état des dépenses réalisées, certifié par le comptable public.",
    ),
    Slot(
        "factures",
        "Factures acquittées",
        (K.FACTURE,),
        many=True,
        help="Les factures des dépenses justifiées (une ou plusieurs).",
    ),
    OTHER,
)
ADVANCE_SLOTS = Slots(OTHER)


def payment_slots(payment) -> Slots:
    from cvv.funding.models import PaymentRequest

    return ADVANCE_SLOTS if payment.kind == PaymentRequest.Kind.ADVANCE else PAYMENT_SLOTS
