import pytest

from cvv.programme.models import Accompaniment
from cvv.programme.selectors import accompaniments_visible_to, active_accompaniment
from tests.factories import commune
from tests.programme.factories import make_accompaniment, make_edition

pytestmark = pytest.mark.django_db


def test_active_accompaniment_by_edition():
    edition = make_edition()
    older = make_edition(number=2)
    assert active_accompaniment(commune("93005"), edition) is None
    accompaniment = make_accompaniment("93005", edition)
    make_accompaniment("93005", older, state=Accompaniment.State.COMPLETED)
    assert active_accompaniment(commune("93005"), edition) == accompaniment
    assert active_accompaniment(commune("93005"), older) is None
    assert active_accompaniment(commune("93005")) == accompaniment


def test_accompaniments_visible_to(users):
    own = make_accompaniment("93005", experts=[users["partner_expert"]])
    other = make_accompaniment("93048", own.edition)
    assert set(accompaniments_visible_to(users["instructor"])) == {own, other}
    assert list(accompaniments_visible_to(users["commune_agent"])) == [own]
    assert list(accompaniments_visible_to(users["other_commune_agent"])) == [other]
    assert list(accompaniments_visible_to(users["partner_expert"])) == [own]
    assert list(accompaniments_visible_to(users["fonciere_officer"])) == []
    assert list(accompaniments_visible_to(users["territory_agent"])) == [own]  # T7: 93005
