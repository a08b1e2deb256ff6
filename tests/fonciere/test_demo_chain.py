import pytest

from cvv.fonciere import demo
from cvv.fonciere.models import (
    OpportunityAnalysis,
    PreemptionDelegation,
    SafeguardPerimeter,
    Sale,
    Works,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_demo_builds_the_chain_beyond_the_leases():
    make_user(role="fonciere_officer", email="fonciere@cvv.demo", partner="Foncière")
    demo.load()
    assert SafeguardPerimeter.objects.filter(synthetic=True, current=True).count() == 4
    assert PreemptionDelegation.objects.filter(synthetic=True).count() == 2
    assert OpportunityAnalysis.objects.filter(state="brouillon").exists()
    assert OpportunityAnalysis.objects.filter(state="avis_commune").exists()
    assert set(Works.objects.values_list("state", flat=True)) == {"prevus", "en_cours", "termines"}
    sales = Sale.objects.filter(state="vendue")
    assert sales.count() == 2 and all(s.capital_gain is not None for s in sales)
