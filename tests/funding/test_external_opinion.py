"""An external opinion asked of any e-mail address, answered through a signed link without an
account (issue 10)."""

import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from cvv.audit.models import AuditEntry
from cvv.funding.models import Dossier, ExternalOpinion
from cvv.funding.services import external
from tests.funding.factories import make_draft, walk

pytestmark = pytest.mark.django_db


def _ask(client, users, mailoutbox, django_capture_on_commit_callbacks):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.UNDER_INSTRUCTION, users)
    client.force_login(users["instructor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("fimacs:external_opinion_request", args=[dossier.pk]),
            {"ext-email": "archi@exemple.fr", "ext-question": "Façade conforme ?", "ext-days": 10},
            follow=True,
        )
    assert f"Avis sur {dossier.reference} demandé à archi@exemple.fr" in response.content.decode()
    (mail,) = [m for m in mailoutbox if m.to == ["archi@exemple.fr"]]
    link = re.search(r"https?://\S+/avis-exterieur/\S+/", mail.body).group(0)
    client.logout()
    return dossier, link[link.index("/avis-exterieur/") :]


def test_the_link_shows_the_summary_and_records_the_answer_once(
    client, users, mailoutbox, django_capture_on_commit_callbacks
):
    dossier, path = _ask(client, users, mailoutbox, django_capture_on_commit_callbacks)
    page = client.get(path)  # anonymous: no account needed
    html = page.content.decode()
    assert page.status_code == 200 and page["Referrer-Policy"] == "no-referrer"
    assert dossier.title in html and "Façade conforme ?" in html
    assert "Notes d’instruction" not in html and users["commune_agent"].email not in html
    assert client.post(path, {"verdict": "reserved"}).status_code == 400
    client.post(
        path, {"verdict": "reserved", "text": "Enseigne trop grande.", "author_name": "A. Archi"}
    )
    opinion = ExternalOpinion.objects.get()
    assert opinion.verdict == "reserved" and opinion.author_name == "A. Archi"
    entry = AuditEntry.objects.get(action="funding.external_opinion.given")
    assert entry.actor is None and entry.object_id == str(dossier.pk)
    assert entry.data["email"] == "archi@exemple.fr"
    # Given once: the page thanks, a second answer changes nothing.
    client.post(path, {"verdict": "favourable", "text": "Autre", "author_name": "X"})
    assert ExternalOpinion.objects.get().verdict == "reserved"
    assert "Avis rendu le" in client.get(path).content.decode()
    # The instructor reads it on the dossier.
    client.force_login(users["instructor"])
    detail = client.get(reverse("fimacs:dossier", args=[dossier.pk])).content.decode()
    assert "Enseigne trop grande." in detail and "A. Archi" in detail


def test_forged_altered_or_expired_links_open_nothing(
    client, users, mailoutbox, django_capture_on_commit_callbacks
):
    _dossier, path = _ask(client, users, mailoutbox, django_capture_on_commit_callbacks)
    opinion = ExternalOpinion.objects.get()
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert external.opinion_from_token(token) == opinion
    forged = signing.dumps({"o": opinion.pk}, salt="another-salt", compress=True)
    for bad in (forged, token[:-2] + "xx", "nimportequoi"):
        assert client.get(reverse("fimacs_external:opinion", args=[bad])).status_code == 404
    ExternalOpinion.objects.update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get(path).status_code == 404
    assert not ExternalOpinion.objects.get().is_given


def test_only_instructors_ask_and_the_address_is_checked(users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.UNDER_INSTRUCTION, users)
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        external.external_opinion_request(
            dossier=dossier, email="a@b.fr", question="?", actor=users["commune_agent"]
        )
    with pytest.raises(ValidationError, match="invalide"):
        external.external_opinion_request(
            dossier=dossier, email="pas-une-adresse", question="?", actor=users["instructor"]
        )
    with pytest.raises(ValidationError, match="60"):
        external.external_opinion_request(
            dossier=dossier, email="a@b.fr", question="?", actor=users["instructor"], days=365
        )
