from cvv.funding.models.committee import AgendaItem, CommitteeSession, Convention
from cvv.funding.models.dossier import Dossier, DossierState, ExpenseLine
from cvv.funding.models.external import ExternalOpinion
from cvv.funding.models.instruction import (
    Annotation,
    DossierDocument,
    DossierMessage,
    Opinion,
)
from cvv.funding.models.payment import (
    Envelope,
    EnvelopeOverride,
    PaymentDocument,
    PaymentRequest,
)
from cvv.funding.models.queues import DossierArchive, DossierFollower
from cvv.funding.models.reglement import Reglement, ReglementCategory, ReglementParameter

__all__ = [
    "AgendaItem",
    "Annotation",
    "CommitteeSession",
    "Convention",
    "Dossier",
    "DossierArchive",
    "DossierDocument",
    "DossierFollower",
    "DossierMessage",
    "DossierState",
    "Envelope",
    "EnvelopeOverride",
    "ExpenseLine",
    "ExternalOpinion",
    "Opinion",
    "PaymentDocument",
    "PaymentRequest",
    "Reglement",
    "ReglementCategory",
    "ReglementParameter",
]
