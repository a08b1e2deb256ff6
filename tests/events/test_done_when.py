"""Issue 13's "done when", through the pages (the browser tests drive the same registration
and check-in with the keyboard; the network's half — a manager finds a peer and gets an
answer — is tests/network/test_pages.py): a person registers for the Assises from the public
page without an account, gets a badge, is checked in with the code of its QR, receives a
certificate that anyone verifies by its code; a commune is nominated, scored by the jury,
wins the award and the award shows on the commune's page and the laureates' page."""

import base64
import re
import zlib

import pytest
from django.urls import reverse

from cvv.events import badges, jury
from cvv.events.models import AwardCriterion, Nomination, Registration
from tests.events.factories import make_award, make_event
from tests.factories import commune

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    """The text drawn in reportlab's page streams (ASCII85 then Flate encoded)."""
    out = []
    for head, data in re.findall(rb"<<(.*?)>>\s*stream\r?\n(.*?)endstream", pdf, re.S):
        if b"ASCII85Decode" in head:
            data = base64.a85decode(data.strip().removeprefix(b"<~").removesuffix(b"~>"))
        if b"FlateDecode" in head:
            data = zlib.decompress(data)
        out.append(data.decode("latin-1"))
    return "\n".join(out)


def test_assises_from_registration_to_certificate_and_award(client, users):
    event = make_event(slug="assises-2027", kind="assises", quotas={"public": 3, "elected": 3},
                       title="Assises métropolitaines 2027")  # fmt: skip
    person = client.__class__()
    assert "S’inscrire" in person.get(reverse("events:detail", args=[event.slug])).content.decode()
    done = person.post(reverse("events:register", args=[event.slug]), {
        "first_name": "Inès", "last_name": "Martin", "email": "ines@exemple.fr",
        "organisation": "Ville d’Aulnay-sous-Bois", "category": "elected", "consent": "on",
    }, follow=True)  # fmt: skip
    registration = Registration.objects.get()
    own_page = done.redirect_chain[-1][0]
    page = done.content.decode()
    assert registration.state == "confirmed" and f"Inscription n° {registration.pk}" in page
    badge_url = re.search(r'href="([^"]+/badge\.pdf)"', page).group(1)
    badge = person.get(badge_url)
    assert badge["Content-Type"] == "application/pdf" and badge.getvalue().startswith(b"%PDF")
    assert "Télécharger l’attestation" not in page  # not before the person is present

    staff = client.__class__()
    staff.force_login(users["instructor"])
    scanned = badges.qr_payload(registration)  # what a reader of the badge's QR code types
    checked = staff.post(reverse("events:check_in", args=[event.slug]), {"code": scanned},
                         follow=True)  # fmt: skip
    assert "Arrivée de Inès Martin enregistrée" in checked.content.decode()
    assert "Présent : 1" in checked.content.decode()

    page = person.get(own_page).content.decode()
    certificate_url = re.search(r'href="([^"]+/attestation\.pdf)"', page).group(1)
    pdf = person.get(certificate_url).getvalue()
    assert pdf.startswith(b"%PDF")
    code = re.search(r"Code de v\S+rification : (\S+?)\)", pdf_text(pdf)).group(1)
    anyone = client.__class__().get(reverse("events:verify"), {"code": code}).content.decode()
    assert "Attestation valide : Inès Martin a participé à « Assises métropolitaines 2027 »" in (
        anyone.replace("&nbsp;", " ")
    )
    assert " h)" not in anyone  # no training hours for the Assises
    forged = client.__class__().get(reverse("events:verify"), {"code": code[:-1] + "x"})
    assert "ne correspond à aucune attestation" in forged.content.decode()

    award = make_award(event, title="Trophée du commerce de proximité")
    organiser = users["metropole_admin"]
    jury.jury_set(award=award, jurors=[users["partner_expert"]],
                  president=users["partner_expert"], actor=organiser)  # fmt: skip
    criterion = AwardCriterion(award=award, label="Impact", weight=1, max_score=5)
    impact = jury.criterion_save(criterion=criterion, actor=organiser)
    agent = client.__class__()
    agent.force_login(users["commune_agent"])
    agent.post(reverse("events:nominate", args=[event.slug, award.pk]), {
        "commune": commune("93005").pk, "project": "Halle rénovée", "pitch": "Un marché vivant",
    })  # fmt: skip
    nomination = Nomination.objects.get()
    juror = client.__class__()
    juror.force_login(users["partner_expert"])
    juror.post(reverse("events:jury_score", args=[nomination.pk]),
               {"form": "score", f"score-score_{impact.pk}": "5"})  # fmt: skip
    juror.post(reverse("events:nomination_transition", args=[nomination.pk, "award"]),
               {"reason": "Une halle qui fait revivre le centre"})  # fmt: skip
    nomination.refresh_from_db()
    assert nomination.state == "laureate"
    commune_page = agent.get(reverse("territories:commune", args=["93005"])).content.decode()
    assert "Lauréate du prix « Trophée du commerce de proximité »" in commune_page
    public = client.__class__().get(reverse("events:laureates")).content.decode()
    assert "Halle rénovée" in public
