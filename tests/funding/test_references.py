"""Dossier references are numbered from a locked counter row per (prefix, year)."""

import pytest

from cvv.core.models import Sequence
from cvv.core.sequences import next_reference
from cvv.funding.models import Dossier
from cvv.funding.services import dossiers
from tests.funding.factories import make_accompaniment

pytestmark = pytest.mark.django_db


def _create(agent, accompaniment, title="Vitrines"):
    return dossiers.dossier_create(
        commune=accompaniment.commune, edition=accompaniment.edition, title=title, actor=agent
    )


def test_sequential_dossiers_get_distinct_consecutive_references(users):
    accompaniment = make_accompaniment("93005")
    year = accompaniment.edition.year
    created = [_create(users["commune_agent"], accompaniment, f"Projet {n}") for n in range(5)]
    assert [d.reference for d in created] == [f"FIM-{year}-{n:04d}" for n in range(1, 6)]
    assert Sequence.objects.get(prefix="FIM", year=year).last == 5


def test_the_counter_starts_after_the_references_already_stored(users):
    agent, accompaniment = users["commune_agent"], make_accompaniment("93005")
    year = accompaniment.edition.year
    existing = _create(agent, accompaniment)
    # References issued before the counter existed are kept and never reissued.
    Dossier.objects.filter(pk=existing.pk).update(reference=f"FIM-{year}-0062")
    Sequence.objects.all().delete()
    assert _create(agent, accompaniment).reference == f"FIM-{year}-0063"
    existing.refresh_from_db()
    assert existing.reference == f"FIM-{year}-0062"


def test_a_number_is_never_reissued_even_when_the_highest_dossier_is_gone(users):
    agent, accompaniment = users["commune_agent"], make_accompaniment("93005")
    year = accompaniment.edition.year
    _create(agent, accompaniment)
    last = _create(agent, accompaniment)
    assert last.reference == f"FIM-{year}-0002"
    Dossier.objects.filter(pk=last.pk).delete()  # e.g. removed by an administrator
    assert _create(agent, accompaniment).reference == f"FIM-{year}-0003"


def test_each_prefix_and_year_has_its_own_counter():
    existing = Dossier.objects.all()
    assert next_reference(prefix="FIM", year=2026, existing=existing) == "FIM-2026-0001"
    assert next_reference(prefix="FIM", year=2027, existing=existing) == "FIM-2027-0001"
    assert next_reference(prefix="FIM", year=2026, existing=existing) == "FIM-2026-0002"
    assert next_reference(prefix="TST", year=2026, existing=existing, width=3) == "TST-2026-001"
