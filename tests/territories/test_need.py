import pytest

from cvv.audit.models import AuditEntry
from cvv.territories.models import Commune
from cvv.territories.need import need_index_update, need_of, needs_by_code, quartile_of

pytestmark = pytest.mark.django_db


def test_quartiles_split_at_the_thresholds():
    thresholds = (1.0, 2.0, 3.0)
    assert [quartile_of(v, thresholds) for v in (0.5, 1.0, 1.5, 2.5, 3.0, 3.5)] == [
        1,
        1,
        2,
        3,
        3,
        4,
    ]
    assert quartile_of(None, thresholds) is None and quartile_of(1.0, None) is None


def test_top_quartile_of_need_index_makes_a_commune_fragile():
    codes = list(Commune.objects.order_by("code").values_list("code", flat=True))
    need_index_update(values={code: float(i) for i, code in enumerate(codes)}, source="test")
    needs = needs_by_code()
    fragile = [code for code, need in needs.items() if need.fragile]
    # 130 values 0…129: the upper quartile threshold is 96.75, so 97…129 are fragile.
    assert fragile == codes[97:]
    assert AuditEntry.objects.filter(action="territories.need_index.updated").count() == 1


def test_small_commune_and_reasons():
    commune = Commune.objects.filter(population__lt=20_000).first()
    need = need_of(commune)
    assert need.small and not need.fragile and need.quartile is None
    assert "petite commune" in need.reasons[0]
