import pytest

from cvv.organisations import demo as organisations_demo
from cvv.programme import demo
from cvv.programme.models import Accompaniment, Candidature, HelpRequest, Resource
from cvv.programme.selectors import active_accompaniment, current_edition
from tests.factories import commune

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent():
    organisations_demo.load()
    demo.load()
    edition = current_edition()
    states = set(edition.candidatures.values_list("state", flat=True))
    assert states >= set(Candidature.DECIDED_STATES) | {"draft", "submitted", "under_review"}
    assert edition.candidatures.count() == 40
    assert edition.accompaniments.filter(state="active").count() == 25
    assert len(set(edition.accompaniments.values_list("phase", flat=True))) == 5
    assert active_accompaniment(commune("93005"), edition) is not None
    assert Resource.objects.published().count() == 30
    # Help requests to the Métropole: one to answer, one answered (waiting for the commune).
    assert sorted(HelpRequest.objects.values_list("awaiting", flat=True)) == [
        "commune",
        "metropole",
    ]
    counts = (
        Candidature.objects.count(),
        Accompaniment.objects.count(),
        Resource.objects.count(),
        HelpRequest.objects.count(),
    )
    demo.load()
    assert counts == (
        Candidature.objects.count(),
        Accompaniment.objects.count(),
        Resource.objects.count(),
        HelpRequest.objects.count(),
    )
