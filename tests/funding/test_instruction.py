"""Instruction services: completion requests, ineligibility, opinions, notes, documents."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from cvv.documents.selectors import document_for_download
from cvv.funding.models import Dossier, Opinion
from cvv.funding.services import dossiers, instruction
from cvv.organisations.models import Organisation
from tests.funding.factories import PDF, make_draft, walk


@pytest.mark.django_db
def test_completion_round_trip(users):
    agent, instructor = users["commune_agent"], users["instructor"]
    dossier = walk(make_draft(agent), Dossier.State.SUBMITTED, users)
    with pytest.raises(ValidationError, match="Un motif est obligatoire"):  # a reason is required
        instruction.dossier_instruct(dossier=dossier, name="request_completion", actor=instructor)
    instruction.dossier_instruct(
        dossier=dossier, name="request_completion", actor=instructor, reason="Devis manquant"
    )
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.COMPLETION_REQUESTED and dossier.is_editable
    instruction.document_upload_attach(
        dossier=dossier,
        uploaded_file=SimpleUploadedFile("devis2.pdf", PDF),
        kind="devis",
        title="Devis complémentaire",
        actor=agent,
    )
    dossiers.dossier_resubmit(dossier=dossier, actor=agent)
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.RESUBMITTED
    instruction.dossier_instruct(dossier=dossier, name="start_instruction", actor=instructor)
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.UNDER_INSTRUCTION


@pytest.mark.django_db
def test_ineligible_dossier_refused_without_instruction(users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.SUBMITTED, users)
    instruction.dossier_instruct(
        dossier=dossier,
        name="refuse_ineligible",
        actor=users["instructor"],
        reason="Dépense de fonctionnement",
    )
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.REFUSED
    assert dossier.decision_reasons == "Dépense de fonctionnement"


@pytest.mark.django_db
def test_committee_needs_technical_opinion(users):
    instructor = users["instructor"]
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.UNDER_INSTRUCTION, users)
    with pytest.raises(ValidationError, match="Rendez l’avis technique avant"):
        instruction.dossier_instruct(dossier=dossier, name="mark_ready", actor=instructor)


@pytest.mark.django_db
def test_partner_opinion_and_document_access(users):
    instructor, expert = users["instructor"], users["partner_expert"]
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.UNDER_INSTRUCTION, users)
    document = dossier.documents.first().document
    # Before being asked, the expert cannot read the dossier's documents.
    with pytest.raises(Http404, match="Document introuvable"):
        document_for_download(expert, document.pk)
    cci = Organisation.objects.get(name="CCI Paris Île-de-France")
    opinion = instruction.opinion_request(
        dossier=dossier,
        actor=instructor,
        kind=Opinion.Kind.PARTNER,
        organisation=cci,
        question="Viabilité commerciale ?",
        due_on=datetime.date.today() + datetime.timedelta(days=15),
    )
    assert document_for_download(expert, document.pk) == document
    with pytest.raises(Http404, match="Document introuvable"):  # never for another commune
        document_for_download(users["other_commune_agent"], document.pk)
    with pytest.raises(ValidationError, match="Motivez l’avis"):
        instruction.opinion_give(opinion=opinion, actor=expert, verdict="favourable", text="")
    instruction.opinion_give(opinion=opinion, actor=expert, verdict="reserved", text="Loyers.")
    with pytest.raises(ValidationError, match="déjà été rendu"):
        instruction.opinion_give(opinion=opinion, actor=expert, verdict="favourable", text="x")


@pytest.mark.django_db
def test_notes_and_messages(users):
    dossier = make_draft(users["commune_agent"], documents=False)
    with pytest.raises(ValidationError, match="La note est vide"):
        instruction.annotation_add(dossier=dossier, actor=users["instructor"], text=" ")
    instruction.annotation_add(dossier=dossier, actor=users["instructor"], text="À vérifier")
    instruction.message_post(dossier=dossier, actor=users["commune_agent"], text="Bonjour")
    assert dossier.annotations.count() == 1 and dossier.messages.count() == 1


@pytest.mark.django_db
def test_vault_document_of_another_commune_cannot_be_attached(users):
    other = make_draft(users["other_commune_agent"], code="93048")
    foreign = other.documents.first().document
    dossier = make_draft(users["commune_agent"], documents=False)
    with pytest.raises(ValidationError, match="n’est pas dans le coffre-fort"):
        instruction.document_attach(
            dossier=dossier, document=foreign, kind="devis", actor=users["commune_agent"]
        )
