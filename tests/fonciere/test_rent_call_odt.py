"""The rent call as ODT: the `fonciere.rent_call` kind of the letters module, its shipped
template, and a template uploaded by the legal team used for the next download."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cvv.fonciere import bank_import, services
from cvv.fonciere.letters import RENT_CALL
from cvv.letters import odt
from cvv.letters.registry import kinds
from cvv.letters.services import template_upload
from cvv.premises.models import Premises
from tests.factories import commune
from tests.letters.helpers import odt as make_odt
from tests.letters.helpers import paragraph

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def call(users):
    officer = users["fonciere_officer"]
    premises = Premises.objects.create(commune=commune("93005"), address="4 rue", status="vacant")
    lease = services.lease_create(
        actor=officer, premises=premises, kind="commercial", tenant_name="Librairie",
        start=dt.date(2021, 7, 1), rent=Decimal("24000"), reference_quarter="2021-T1",
        charges_provision=Decimal("300"),
    )  # fmt: skip
    lease = services.lease_sign(actor=officer, lease=lease)
    services.rent_calls_generate(actor=officer, lease=lease, until=dt.date(2021, 7, 1))
    return lease.calls.order_by("period_start").first()


def test_the_kind_is_declared_and_its_template_states_every_field():
    assert kinds()["fonciere.rent_call"] is RENT_CALL
    assert set(odt.fields_of(RENT_CALL.default.read_bytes())) == set(RENT_CALL.fields)


def test_download_from_the_shipped_then_from_an_uploaded_template(client, users, call):
    client.force_login(users["fonciere_officer"])
    url = reverse("fonciere:call_notice_odt", args=[call.pk])
    page = client.get(reverse("fonciere:lease", args=[call.lease.pk])).content.decode()
    assert url in page
    response = client.get(url)
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    text = odt.text_of(
        b"".join(response.streaming_content if response.streaming else [response.content])
    )
    reference = bank_import.call_reference(call)
    assert reference in text and "Librairie" in text and "4 rue" in text
    # Quarterly term of a 24 000 € yearly rent: 6 000 € + 300 € of charges.
    assert "6\u202f000,00 €" in text and "6\u202f300,00 €" in text
    assert "L145-40-2" in text
    template_upload(
        kind=RENT_CALL.code,
        uploaded_file=SimpleUploadedFile(
            "avis.odt", make_odt(paragraph("Avis révisé {{ lease }} : {{ total }}"))
        ),
        note="service juridique",
        actor=users["metropole_admin"],
    )
    response = client.get(url)
    text = odt.text_of(
        b"".join(response.streaming_content if response.streaming else [response.content])
    )
    assert text.strip() == f"Avis révisé {call.lease.reference} : 6\u202f300,00 €"
