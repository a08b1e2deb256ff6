"""The commune's foncière panel (hooks `commune_page_panels` and
`programme_accompaniment_panels`): its opportunities with their deadline and article and
what the foncière did there, scoped (never another commune's, never a tenant's name)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cvv.fonciere.models import Acquisition, Lease, Opportunity
from cvv.premises.models import Premises
from tests.factories import commune
from tests.programme.factories import make_accompaniment

pytestmark = pytest.mark.django_db


@pytest.fixture
def files():
    place = commune("93005")
    premises = Premises.objects.create(commune=place, address="12 rue Haute", status="vacant")
    Opportunity.objects.create(
        premises=premises, commune=place, source="dia_commerce", received_on=dt.date.today(),
        deadline=dt.date.today() + dt.timedelta(days=60), deadline_article="art. R214-4 C. urb.",
    )  # fmt: skip
    let = Premises.objects.create(commune=place, address="3 place Verte", status="occupe")
    Acquisition.objects.create(
        premises=let, commune=place, deed_on=dt.date(2023, 1, 5), price=Decimal("100000")
    )
    Lease.objects.create(
        reference="B-2023-9", premises=let, commune=place, kind="boutique_essai",
        state="en_cours", tenant_name="Preneur Confidentiel", start=dt.date(2023, 3, 1),
        end=dt.date(2025, 2, 28), rent=Decimal("6000"), reference_quarter="2022-T3",
    )  # fmt: skip


def test_commune_page_panel_is_scoped(client, users, files):
    url = reverse("territories:commune", args=["93005"])
    client.force_login(users["commune_agent"])
    page = client.get(url).content.decode()
    assert "Foncière : opportunités, délais et interventions" in page
    assert "Opportunité — 12 rue Haute" in page and "art. R214-4 C. urb." in page
    assert "1 local(aux) acquis dont 0 revendu(s)" in page
    assert "1 boutique à l’essai (bail dérogatoire) — en cours" in page
    assert "Preneur Confidentiel" not in page
    client.force_login(users["other_commune_agent"])  # another commune's agent
    assert "12 rue Haute" not in client.get(url).content.decode()
    client.logout()
    assert "Foncière : opportunités" not in client.get(url).content.decode()


def test_accompaniment_panel(client, users, files):
    accompaniment = make_accompaniment("93005")
    client.force_login(users["commune_agent"])
    page = client.get(reverse("programme:accompaniment", args=[accompaniment.pk])).content
    page = page.decode()
    assert 'id="fonciere-title"' in page and "Opportunité — 12 rue Haute" in page
    assert "Preneur Confidentiel" not in page
