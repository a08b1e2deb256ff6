"""Photos and plans of a premises: slots filled from the commune's vault."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.documents.models import Document, DocumentKind
from cvv.documents.services import document_upload
from cvv.premises import pieces
from cvv.premises.models import Premises, PremisesPiece
from tests.documents.helpers import PNG_BYTES, pdf, upload
from tests.factories import commune

pytestmark = pytest.mark.django_db


def png(name="vitrine.png"):
    return upload(name, PNG_BYTES, "image/png")


@pytest.fixture
def premises():
    return Premises.objects.create(
        commune=commune("93005"), address="1 rue de Sevran", status="vacant"
    )


def test_upload_places_the_photo_in_the_commune_vault_with_audit(premises, agent):
    piece = pieces.premises_piece_upload(
        premises=premises, slot_key="photos", uploaded_file=png(), title="", actor=agent
    )
    assert piece.document.commune == premises.commune and piece.document.kind == "photo"
    assert AuditEntry.objects.filter(action="documents.piece.placed").count() == 1
    pieces.premises_piece_remove(piece=piece, actor=agent)
    assert not premises.pieces.exists() and Document.objects.filter(pk=piece.document_id)
    assert AuditEntry.objects.filter(action="documents.piece.removed").count() == 1


def test_a_pdf_is_a_plan_never_a_photo(premises, agent):
    with pytest.raises(ValidationError):
        pieces.premises_piece_upload(
            premises=premises, slot_key="photos", uploaded_file=pdf(), title="", actor=agent
        )
    plan = pieces.premises_piece_upload(
        premises=premises, slot_key="plans", uploaded_file=pdf(), title="Plan", actor=agent
    )
    assert plan.document.kind == "plan" and Document.objects.count() == 1


def test_wrong_kind_and_other_commune_documents_are_refused(premises, agent, users):
    devis = document_upload(
        commune=premises.commune, uploaded_file=pdf(), kind=DocumentKind.DEVIS, title="D",
        actor=agent,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="nature"):
        pieces.premises_piece_attach(
            premises=premises, slot_key="photos", document=devis, actor=agent
        )
    elsewhere = document_upload(
        commune=commune("93048"), uploaded_file=png(), kind=DocumentKind.PHOTO, title="M",
        actor=users["other_commune_agent"],
    )  # fmt: skip
    admin = users["metropole_admin"]
    with pytest.raises(ValidationError, match="coffre-fort de la commune"):
        pieces.premises_piece_attach(
            premises=premises, slot_key="photos", document=elsewhere, actor=admin
        )
    with pytest.raises(PermissionDenied):
        pieces.premises_piece_upload(
            premises=premises, slot_key="photos", uploaded_file=png(), title="",
            actor=users["other_commune_agent"],
        )  # fmt: skip
    assert not PremisesPiece.objects.exists()


def test_the_fonciere_reads_the_photos_of_the_premises_it_follows(client, premises, users):
    officer = users["fonciere_officer"]
    with pytest.raises(PermissionDenied):
        pieces.premises_piece_upload(
            premises=premises, slot_key="photos", uploaded_file=png(), title="", actor=officer
        )
    Premises.objects.filter(pk=premises.pk).update(fonciere_followed=True)
    premises.refresh_from_db()
    piece = pieces.premises_piece_upload(
        premises=premises, slot_key="photos", uploaded_file=png(), title="", actor=officer
    )
    client.force_login(officer)
    response = client.get(reverse("documents:download", args=[piece.document_id]))
    assert response.status_code == 200
    other = document_upload(
        commune=premises.commune, uploaded_file=png(), kind=DocumentKind.PHOTO, title="X",
        actor=users["commune_agent"],
    )  # fmt: skip
    assert client.get(reverse("documents:download", args=[other.pk])).status_code == 404


def test_the_page_shows_thumbnails_and_the_forms_fill_and_remove(client, premises, agent):
    client.force_login(agent)
    url = reverse("premises:piece", args=[premises.pk, "photos"])
    response = client.post(url, {"piece-photos-file": png(), "piece-photos-title": "Vitrine"})
    assert response.status_code == 302
    piece = premises.pieces.get()
    page = client.get(reverse("premises:detail", args=[premises.pk])).content.decode()
    thumbnail = reverse("documents:download", args=[piece.document_id])
    assert f'<img src="{thumbnail}"' in page and "/media/" not in page
    # A PDF through the photos form is refused and changes nothing.
    response = client.post(url, {"piece-photos-file": pdf()}, follow=True)
    assert "JPEG ou en PNG" in response.content.decode() and premises.pieces.count() == 1
    remove = reverse("premises:piece_remove", args=[premises.pk, piece.pk])
    assert client.post(remove).status_code == 302 and not premises.pieces.exists()


def test_public_photos_only_of_a_published_offer_and_never_plans(client, premises, agent):
    from cvv.matchmaking.models import Offer

    photo = pieces.premises_piece_upload(
        premises=premises, slot_key="photos", uploaded_file=png(), title="V", actor=agent
    ).document
    plan = pieces.premises_piece_upload(
        premises=premises, slot_key="plans", uploaded_file=pdf(), title="P", actor=agent
    ).document
    offer = Offer.objects.create(premises=premises, deal_kind="location", state="brouillon")

    def photo_url(document):
        return reverse("matchmaking:public_offer_photo", args=[offer.pk, document.pk])

    assert client.get(photo_url(photo)).status_code == 404  # draft: nothing public
    Offer.objects.filter(pk=offer.pk).update(state="publiee")
    response = client.get(photo_url(photo))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG_BYTES
    assert client.get(photo_url(plan)).status_code == 404
    page = client.get(reverse("matchmaking:public_offer", args=[offer.pk])).content.decode()
    assert photo_url(photo) in page and photo_url(plan) not in page


def test_the_offer_page_shows_its_premises_photos_to_who_manages_it(client, premises, agent):
    from cvv.matchmaking.models import Offer

    photo = pieces.premises_piece_upload(
        premises=premises, slot_key="photos", uploaded_file=png(), title="V", actor=agent
    ).document
    offer = Offer.objects.create(premises=premises, deal_kind="location", state="brouillon")
    client.force_login(agent)
    page = client.get(reverse("matchmaking:offer", args=[offer.pk])).content.decode()
    assert f'<img src="{reverse("documents:download", args=[photo.pk])}"' in page
