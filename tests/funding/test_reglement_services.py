"""Editing the règlement: drafts derived from a version, immutable once voted, history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cvv.audit.selectors import entries_for_object
from cvv.funding.models import Reglement
from cvv.funding.services.reglements import (
    reglement_adopt,
    reglement_create_draft,
    reglement_delete_draft,
    reglement_update,
)


@pytest.fixture
def draft(admin_user, db):
    return reglement_create_draft(
        source=Reglement.objects.get(code="defaut-2026"),
        code="FIMACS 2027",
        title="Règlement voté 2027",
        effective_from=datetime.date(2027, 1, 1),
        actor=admin_user,
    )


def test_draft_copies_every_parameter(draft):
    assert draft.code == "fimacs-2027" and draft.status == "draft"
    assert draft.parameters.count() == 11 and draft.categories.count() == 7
    assert draft.derived_from.code == "defaut-2026"


def test_update_requires_sources_and_valid_values(draft, admin_user):
    with pytest.raises(ValidationError, match="Un taux s’écrit entre 0 et 1"):
        reglement_update(
            reglement=draft, actor=admin_user, parameters={"rate_cap": ("1.5", "Délib.")}
        )
    with pytest.raises(ValidationError, match="Chaque paramètre cite sa source"):
        reglement_update(reglement=draft, actor=admin_user, parameters={"rate_cap": ("0.6", "")})
    reglement_update(
        reglement=draft,
        actor=admin_user,
        parameters={"rate_cap": ("0.60", "Délibération CM2027-12, art. 4")},
        categories={
            "ETUDES": {
                "eligible": True,
                "base_rate": "0.45",
                "ceiling": "40000",
                "source": "Délibération CM2027-12, annexe",
            }
        },
    )
    draft.refresh_from_db()
    assert draft.parameters.get(key="rate_cap").value == Decimal("0.6")
    assert draft.categories.get(code="ETUDES").ceiling == Decimal("40000")
    entry = entries_for_object(draft).first()
    assert entry.action == "funding.reglement.updated" and "rate_cap" in entry.data


def test_unchanged_parameter_with_padded_source_is_not_a_change(draft, admin_user):
    rate_cap = draft.parameters.get(key="rate_cap")
    reglement_update(
        reglement=draft,
        actor=admin_user,
        parameters={"rate_cap": (str(rate_cap.value), f"  {rate_cap.source}  ")},
    )
    entry = entries_for_object(draft).first()
    assert entry.action == "funding.reglement.updated" and "rate_cap" not in entry.data


def test_adopted_version_is_immutable(draft, admin_user):
    with pytest.raises(ValidationError, match="Citez la délibération"):
        reglement_adopt(reglement=draft, deliberation=" ", actor=admin_user)
    reglement_adopt(reglement=draft, deliberation="CM2027-12", actor=admin_user)
    with pytest.raises(ValidationError, match="Une version votée ne se modifie pas"):
        reglement_update(reglement=draft, actor=admin_user, title="changed")
    with pytest.raises(ValidationError, match="Une version votée ne se modifie pas"):
        reglement_delete_draft(reglement=draft, actor=admin_user)
    # Effective from 2027: not yet the current version in 2026.
    assert Reglement.objects.current(on=datetime.date(2026, 6, 1)).code == "defaut-2026"
    assert Reglement.objects.current(on=datetime.date(2027, 6, 1)).code == "fimacs-2027"


def test_duplicate_code_refused(draft, admin_user):
    with pytest.raises(ValidationError, match="existe déjà"):
        reglement_create_draft(
            source=draft,
            code="fimacs-2027",
            title="",
            effective_from=draft.effective_from,
            actor=admin_user,
        )
