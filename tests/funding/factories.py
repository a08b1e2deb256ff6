"""Builders for FIMACS tests: an edition with an active accompaniment, envelopes, dossiers
walked to any state through the real services."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from cvv.funding.models import AgendaItem, Dossier, PaymentRequest
from cvv.funding.services import (
    committee,
    conventions,
    dossiers,
    instruction,
    payments,
    pieces,
)
from cvv.funding.services.budget import envelope_set
from cvv.programme.models import Accompaniment, Action, Edition
from tests.factories import commune

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXPENSES = [("TRAVAUX_LOCAUX", "Vitrines", "120000", "144000"), ("ETUDES", "Étude", "30000", "")]
# One request of the compute contract (`cvv fimacs compute` and POST /api/v1/fimacs/compute).
COMPUTE_REQUEST = {
    "reglement": "defaut-2026",
    "commune": "93005",
    "population": 85000,
    "fragile": False,
    "accompagnement_actif": True,
    "other_public_aid": "0",
    "already_granted_in_edition": "0",
    "expenses": [
        {"category": "TRAVAUX_LOCAUX", "amount_ht": "120000.00"},
        {"category": "ETUDES", "amount_ht": "30000.00"},
    ],
}


def make_edition(number=7, year=2026):
    edition, _ = Edition.objects.get_or_create(
        number=number,
        defaults={
            "name": f"Édition {number}",
            "year": year,
            "starts_on": datetime.date(year, 1, 1),
            "ends_on": datetime.date(year + 1, 12, 31),
            "state": Edition.State.RUNNING,
        },
    )
    return edition


def make_accompaniment(code="93005", edition=None, state=Accompaniment.State.ACTIVE):
    edition = edition or make_edition()
    accompaniment, _ = Accompaniment.objects.get_or_create(
        edition=edition, commune=commune(code), defaults={"state": state}
    )
    return accompaniment


def make_action(accompaniment, user):
    return Action.objects.create(
        accompaniment=accompaniment, title="Rénovation des vitrines", created_by=user
    )


def make_envelope(edition, actor, amount="5000000", year=None):
    return envelope_set(edition=edition, year=year or edition.year, amount=amount, actor=actor)


def make_draft(agent, code="93005", expenses=EXPENSES, other="0", documents=True, edition=None):
    accompaniment = make_accompaniment(code, edition)
    action = make_action(accompaniment, agent)
    dossier = dossiers.dossier_create(
        commune=commune(code),
        edition=accompaniment.edition,
        title="Vitrines du centre-ville",
        action=action,
        actor=agent,
    )
    dossier = dossiers.dossier_update(
        dossier=dossier,
        actor=agent,
        title="Vitrines du centre-ville",
        action=action,
        other_public_aid=other,
        own_funds="60000",
        expenses=expenses,
    )
    if documents:
        for kind in ("deliberation", "devis", "plan_financement", "rib"):
            instruction.document_upload_attach(
                dossier=dossier,
                uploaded_file=SimpleUploadedFile(f"{kind}.pdf", PDF),
                kind=kind,
                title=kind,
                actor=agent,
            )
    return dossier


def walk(dossier, target, users, *, amount=None):
    """Bring a draft dossier to `target` through the services (the real workflow)."""
    agent, instructor = users["commune_agent"], users["instructor"]
    finance = users["finance_officer"]
    S = Dossier.State
    order = [
        S.SUBMITTED,
        S.UNDER_INSTRUCTION,
        S.READY_FOR_COMMITTEE,
        S.GRANTED,
        S.CONVENTION_SIGNED,
        S.PAYING,
        S.CLOSED,
    ]
    start = order.index(dossier.state) + 1 if dossier.state in order else 0
    for state in order[start : order.index(target) + 1]:
        if state == S.SUBMITTED:
            dossiers.dossier_submit(dossier=dossier, actor=agent)
        elif state == S.UNDER_INSTRUCTION:
            instruction.dossier_instruct(
                dossier=dossier, name="start_instruction", actor=instructor
            )
        elif state == S.READY_FOR_COMMITTEE:
            opinion = instruction.opinion_request(
                dossier=dossier, actor=instructor, kind="technical"
            )
            instruction.opinion_give(
                opinion=opinion, actor=instructor, verdict="favourable", text="Projet solide."
            )
            instruction.dossier_instruct(dossier=dossier, name="mark_ready", actor=instructor)
        elif state == S.GRANTED:
            if not dossier.edition.fimacs_envelopes.exists():
                make_envelope(dossier.edition, users["metropole_admin"])
            session = committee.session_create(
                edition=dossier.edition,
                title="Comité",
                date=datetime.date(dossier.edition.year, 6, 1),
                actor=instructor,
            )
            item = committee.agenda_add(session=session, dossier=dossier, actor=instructor)
            committee.decision_record(
                item=item, decision=AgendaItem.Decision.GRANTED, amount=amount, actor=instructor
            )
        elif state == S.CONVENTION_SIGNED:
            dossier.refresh_from_db()
            conventions.convention_generate(dossier=dossier, actor=instructor)
            conventions.convention_sign(
                dossier=dossier, signed_on=dossier.decided_on, actor=instructor
            )
        elif state == S.PAYING:
            payment = payments.payment_request_create(
                dossier=dossier, kind=PaymentRequest.Kind.ADVANCE, justified={}, actor=agent
            )
            payments.payment_validate(payment=payment, actor=finance)
        elif state == S.CLOSED:
            dossier.refresh_from_db()
            payment = payments.payment_request_create(
                dossier=dossier,
                kind=PaymentRequest.Kind.FINAL,
                justified=dict.fromkeys(dossier.granted_by_category, "1000000"),
                actor=agent,
            )
            prove(payment, agent)
            payments.payment_validate(payment=payment, actor=finance)
        dossier.refresh_from_db()
    return dossier


def prove(payment, agent):
    """Fill the proofs of an interim or final payment request: the statement of expenses
    and one invoice, as the commune drops them in their slots."""
    for slot in ("etat_depenses", "factures"):
        pieces.payment_document_upload(
            payment=payment,
            uploaded_file=SimpleUploadedFile(f"{slot}.pdf", PDF),
            kind=slot,
            title=slot,
            actor=agent,
        )
    return payment


def amount(value):
    return Decimal(value)
