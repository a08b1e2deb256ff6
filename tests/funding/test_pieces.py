"""Documents bound to what they prove (issue 10): each piece of a dossier and of a payment
request is its own slot, filled from the vault by kind or by an upload; instructors and
finance officers mark each piece « acceptée » or « à remplacer » with a reason the commune
reads and is notified of; submission and payment validation check the slots."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.documents.models import PieceStatus
from cvv.documents.services import document_upload
from cvv.funding.models import Dossier, PaymentRequest
from cvv.funding.services import dossiers, payments, pieces
from cvv.programme.models import Notification
from tests.funding.factories import PDF, make_draft, prove, walk


def _vault_document(dossier, kind, title, actor):
    return document_upload(
        commune=dossier.commune,
        uploaded_file=SimpleUploadedFile(f"{kind}.pdf", PDF),
        kind=kind,
        title=title,
        actor=actor,
    )


@pytest.mark.django_db
def test_a_document_of_another_kind_cannot_fill_a_slot(users):
    agent = users["commune_agent"]
    dossier = make_draft(agent, documents=False)
    plan = _vault_document(dossier, "plan_financement", "Plan 2026", agent)
    with pytest.raises(ValidationError, match="ne peut pas remplir la pièce « Délibération"):
        pieces.document_attach(dossier=dossier, document=plan, kind="deliberation", actor=agent)
    with pytest.raises(ValidationError, match="Pièce inconnue"):
        pieces.document_attach(dossier=dossier, document=plan, kind="inconnue", actor=agent)
    piece = pieces.document_attach(
        dossier=dossier, document=plan, kind="plan_financement", actor=agent
    )
    assert piece.status == PieceStatus.PENDING
    # An upload takes the slot's kind: it is filed in the vault as a délibération.
    uploaded = pieces.document_upload_attach(
        dossier=dossier,
        uploaded_file=SimpleUploadedFile("d.pdf", PDF),
        kind="deliberation",
        title="",
        actor=agent,
    )
    assert uploaded.document.kind == "deliberation"
    assert uploaded.document.title == "Délibération du conseil municipal"


@pytest.mark.django_db
def test_a_single_slot_keeps_one_document_and_submission_uses_the_slots(users):
    agent = users["commune_agent"]
    dossier = make_draft(agent, documents=False)
    assert "Pièce obligatoire manquante : Délibération du conseil municipal." in (
        dossiers.missing_for_submission(dossier)
    )
    first = _vault_document(dossier, "deliberation", "Délibération de mars", agent)
    second = _vault_document(dossier, "deliberation", "Délibération d’avril", agent)
    pieces.document_attach(dossier=dossier, document=first, kind="deliberation", actor=agent)
    pieces.document_attach(dossier=dossier, document=second, kind="deliberation", actor=agent)
    assert [p.document for p in dossier.documents.filter(kind="deliberation")] == [second]
    # Several quotes fit in the devis slot.
    for title in ("Devis lot 1", "Devis lot 2"):
        pieces.document_attach(
            dossier=dossier,
            document=_vault_document(dossier, "devis", title, agent),
            kind="devis",
            actor=agent,
        )
    assert dossier.documents.filter(kind="devis").count() == 2
    missing = dossiers.missing_for_submission(dossier)
    assert missing == [
        "Pièce obligatoire manquante : Plan de financement.",
        "Pièce obligatoire manquante : RIB (relevé d’identité bancaire).",
    ]
    entry = AuditEntry.objects.filter(action="documents.piece.placed").first()
    assert entry.label == "Pièce déposée dans son emplacement"


@pytest.mark.django_db
def test_instructor_marks_a_piece_to_replace_the_commune_reads_why_and_replaces_it(users):
    agent, instructor = users["commune_agent"], users["instructor"]
    dossier = walk(make_draft(agent), Dossier.State.SUBMITTED, users)
    rib = dossier.documents.get(kind="rib")
    with pytest.raises(PermissionDenied):
        pieces.piece_review(piece=rib, status="accepted", reason="", actor=agent)
    with pytest.raises(ValidationError, match="pourquoi la pièce « RIB"):
        pieces.piece_review(piece=rib, status="to_replace", reason=" ", actor=instructor)
    Notification.objects.all().delete()
    pieces.piece_review(piece=rib, status="to_replace", reason="RIB illisible", actor=instructor)
    deliberation = dossier.documents.get(kind="deliberation")
    pieces.piece_review(piece=deliberation, status="accepted", reason="", actor=instructor)
    # The commune is told, in the platform, with the reason.
    note = agent.programme_notifications.get()
    assert "Pièce à remplacer" in note.text and "RIB illisible" in note.text
    assert note.url == reverse("fimacs:dossier", args=[dossier.pk])
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "documents.piece.to_replace",
        "documents.piece.accepted",
    }
    # Only the piece to replace opens during the instruction; the others stay closed.
    plan = _vault_document(dossier, "plan_financement", "Autre plan", agent)
    with pytest.raises(ValidationError, match="ne se modifient qu’en brouillon"):
        pieces.document_attach(dossier=dossier, document=plan, kind="plan_financement", actor=agent)
    Notification.objects.all().delete()
    new_rib = _vault_document(dossier, "rib", "RIB lisible", agent)
    pieces.document_attach(dossier=dossier, document=new_rib, kind="rib", actor=agent)
    assert dossier.documents.get(kind="rib").document == new_rib
    assert Notification.objects.filter(user=instructor, text__contains="Pièce remplacée").exists()
    # A piece to replace blocks a resubmission until it is replaced.
    dossier.refresh_from_db()
    piece = dossier.documents.get(kind="rib")
    pieces.piece_review(piece=piece, status="to_replace", reason="Mauvais compte", actor=instructor)
    assert dossiers.missing_for_submission(dossier) == [
        "Pièce à remplacer : RIB (relevé d’identité bancaire) (Mauvais compte)."
    ]


@pytest.mark.django_db
def test_dossier_page_draws_the_slots_filtered_by_kind(client, users):
    agent, instructor = users["commune_agent"], users["instructor"]
    dossier = make_draft(agent, documents=False)
    _vault_document(dossier, "plan_financement", "Plan signé", agent)
    client.force_login(agent)
    page = client.get(reverse("fimacs:dossier", args=[dossier.pk])).content.decode()
    assert 'data-slot="deliberation"' in page and "À fournir" in page
    # The délibération slot offers no plan de financement; the plan slot offers it.
    deliberation_select = page.split('id="id_piece-deliberation-document"')[1].split("</select>")[0]
    plan_select = page.split('id="id_piece-plan_financement-document"')[1].split("</select>")[0]
    assert "Plan signé" not in deliberation_select and "Plan signé" in plan_select
    plan = dossier.commune.documents.get(title="Plan signé")
    response = client.post(
        reverse("fimacs:dossier_attach", args=[dossier.pk, "deliberation"]),
        {"piece-deliberation-document": plan.pk},
    )
    assert response.status_code == 302 and not dossier.documents.exists()
    response = client.post(
        reverse("fimacs:dossier_attach", args=[dossier.pk, "plan_financement"]),
        {"piece-plan_financement-document": plan.pk},
        follow=True,
    )
    said = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("« Plan signé » déposé : plan de financement") for m in said), said
    assert client.post(reverse("fimacs:dossier_attach", args=[dossier.pk, "x"])).status_code == 404
    # Walked to instruction, the instructor reviews on the page; the commune cannot.
    dossier = walk(make_draft(agent, code="93005"), Dossier.State.SUBMITTED, users)
    piece = dossier.documents.get(kind="devis")
    url = reverse("fimacs:piece_review", args=[dossier.pk, piece.pk])
    data = {f"examen-{piece.pk}-status": "to_replace", f"examen-{piece.pk}-reason": "Non signé"}
    assert client.post(url, data).status_code == 403
    client.force_login(instructor)
    response = client.post(url, data, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == [f"Pièce « Devis » du dossier {dossier.reference} : à remplacer."]
    client.force_login(agent)
    page = client.get(reverse("fimacs:dossier", args=[dossier.pk])).content.decode()
    assert "Motif : Non signé" in page and 'id="id_piece-devis-file"' in page
    assert 'id="id_piece-rib-file"' not in page  # the other slots stay closed


@pytest.mark.django_db
def test_payment_requests_carry_their_proofs(users):
    agent, finance = users["commune_agent"], users["finance_officer"]
    dossier = walk(make_draft(agent), Dossier.State.PAYING, users)  # the advance: no proof
    interim = payments.payment_request_create(
        dossier=dossier,
        kind=PaymentRequest.Kind.INTERIM,
        justified={"TRAVAUX_LOCAUX": "100000"},
        actor=agent,
    )
    with pytest.raises(ValidationError, match="Pièce obligatoire manquante : Factures"):
        payments.payment_validate(payment=interim, actor=finance)
    quote = _vault_document(dossier, "devis", "Devis", agent)
    with pytest.raises(ValidationError, match="ne peut pas remplir la pièce « Factures"):
        pieces.payment_document_attach(
            payment=interim, document=quote, kind="factures", actor=agent
        )
    prove(interim, agent)
    invoice = interim.pieces.get(kind="factures")
    with pytest.raises(PermissionDenied):
        pieces.payment_piece_review(piece=invoice, status="accepted", reason="", actor=agent)
    pieces.payment_piece_review(
        piece=invoice, status="to_replace", reason="Non acquittée", actor=finance
    )
    assert "Non acquittée" in agent.programme_notifications.latest("pk").text
    with pytest.raises(ValidationError, match="Pièce à remplacer : Factures acquittées"):
        payments.payment_validate(payment=interim, actor=finance)
    pieces.payment_document_upload(
        payment=interim,
        uploaded_file=SimpleUploadedFile("facture.pdf", PDF),
        kind="factures",
        title="Facture acquittée",
        actor=agent,
    )
    assert list(interim.pieces.filter(kind="factures").values_list("status", flat=True)) == [
        "pending"
    ]
    payments.payment_validate(payment=interim, actor=finance)
    with pytest.raises(ValidationError, match="justificatifs sont figés"):
        pieces.payment_document_upload(
            payment=interim,
            uploaded_file=SimpleUploadedFile("facture.pdf", PDF),
            kind="factures",
            title="Trop tard",
            actor=agent,
        )


@pytest.mark.django_db
def test_validating_a_payment_shows_the_amounts_and_asks_for_confirmation(client, users):
    agent, finance = users["commune_agent"], users["finance_officer"]
    dossier = walk(make_draft(agent), Dossier.State.PAYING, users)
    client.force_login(agent)
    response = client.post(
        reverse("fimacs:payment_request", args=[dossier.pk]),
        {"kind": "interim", "justified_TRAVAUX_LOCAUX": "100000"},
    )
    interim = dossier.payments.get(kind="interim")
    assert response.url == reverse("fimacs:payment", args=[dossier.pk, interim.pk])
    page = client.get(response.url).content.decode()
    assert 'id="id_piece-factures-file"' in page and "Valider le versement" not in page
    client.force_login(finance)
    page = client.get(response.url).content.decode()
    for label in ("Montant demandé", "Dépenses éligibles justifiées (HT)", "À verser en validant"):
        assert label in page
    assert "Pièce obligatoire manquante : Factures acquittées." in page
    prove(interim, agent)
    decide = reverse("fimacs:payment_decide", args=[dossier.pk, interim.pk])
    refused = client.post(decide, {"decision": "validate"})
    assert refused.url == response.url
    interim.refresh_from_db()
    assert interim.state == "submitted"
    client.post(decide, {"decision": "validate", "confirm": "on"})
    interim.refresh_from_db()
    assert interim.state == "validated"
