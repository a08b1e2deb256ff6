"""The foncière's documents generated from an editable template (see cvv.letters): the rent
call (avis d'échéance) as ODT, next to its PDF. The shipped template is built by
`scripts/build_letter_templates.py`; the legal and finance team replaces it from the
templates page (`/modeles-de-documents/`)."""

import datetime as dt
from pathlib import Path

from cvv.fonciere import bank_import, pdf_documents
from cvv.letters import odt
from cvv.letters.registry import LetterKind

HERE = Path(__file__).resolve().parent / "letter_templates"

RENT_CALL = LetterKind(
    code="fonciere.rent_call",
    label="Avis d’échéance de loyer (foncière)",
    default=HERE / "rent_call.odt",
    description="Téléchargé depuis l’encaissement d’un bail, à côté de l’avis en PDF.",
    fields={
        "issuer": "Émetteur (la foncière)",
        "lease": "Numéro du bail",
        "premises": "Adresse du local",
        "commune": "Commune du local",
        "tenant": "Preneur",
        "period_start": "Début de la période appelée",
        "period_end": "Fin de la période appelée",
        "due_on": "Date d’échéance",
        "payment_reference": "Référence à rappeler sur le virement",
        "lines": "Lignes de l’appel : objet, montant et fondement (une ligne par objet)",
        "total": "Total à payer",
        "today": "Date du jour",
        "demo": "Mention « données de démonstration » (vide pour un vrai bail)",
    },
    sample={
        "issuer": pdf_documents.ISSUER,
        "lease": "BAIL-2026-0001",
        "premises": "12 rue de la République",
        "commune": "Aulnay-sous-Bois",
        "tenant": "Librairie du centre SARL",
        "period_start": "01/04/2026",
        "period_end": "30/06/2026",
        "due_on": "01/04/2026",
        "payment_reference": "CVV-1-2026-04",
        "lines": [
            "Loyer HT de la période : 3 000,00 € — loyer annuel 12 000,00 €",
            "Provision pour charges : 300,00 € — inventaire des charges du bail",
        ],
        "total": "3 300,00 €",
        "today": "16/03/2026",
        "demo": "",
    },
)

KINDS = [RENT_CALL]


def rent_call_context(call, *, today=None) -> dict:
    """The fields of the rent call `call`: the same amounts and bases as its PDF."""
    lease = call.lease
    return {
        "issuer": pdf_documents.ISSUER,
        "lease": lease.reference,
        "premises": lease.premises.address,
        "commune": lease.commune.nom,
        "tenant": lease.tenant_name,
        "period_start": f"{call.period_start:%d/%m/%Y}",
        "period_end": f"{call.period_end:%d/%m/%Y}",
        "due_on": f"{call.due_on:%d/%m/%Y}",
        "payment_reference": bank_import.call_reference(call),
        "lines": [
            f"{label} : {amount} — {basis}" for label, amount, basis in pdf_documents.lines(call)
        ],
        "total": pdf_documents.euros(call.total),
        "today": f"{today or dt.date.today():%d/%m/%Y}",
        "demo": "Données de démonstration — sans valeur." if lease.synthetic else "",
    }


def rent_call_odt(call, template: bytes) -> bytes:
    return odt.render(template, rent_call_context(call))
