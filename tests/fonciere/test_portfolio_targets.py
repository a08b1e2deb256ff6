"""The foncière's portfolio targets: set by its managers in the interface (a history, the
latest applies), the platform's settings until then; refused for bad input and others."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cvv.audit.models import AuditEntry
from cvv.fonciere import selectors_portfolio, services_portfolio
from cvv.fonciere.models import PortfolioTarget

pytestmark = pytest.mark.django_db

URL = reverse("fonciere:portfolio_targets")
SUMMARY = {"held": 30, "invested": Decimal("12000000"), "area_m2": Decimal("3000")}
TODAY = dt.date(2026, 6, 1)


def _set(user, **overrides):
    values = {
        "premises": 120,
        "invested": Decimal("48000000"),
        "area_m2": Decimal("12000"),
        "start": dt.date(2026, 1, 1),
        "years": 5,
        "reference": "Délibération du conseil d’administration n° 2026-04",
        "today": TODAY,
    }
    return services_portfolio.targets_set(actor=user, **{**values, **overrides})


def test_defaults_come_from_the_settings_until_someone_sets_them(settings):
    settings.FONCIERE_TARGETS = {
        "premises": 400, "invested": "150000000", "area_m2": "", "start": "2023-10-01",
        "years": 10,
    }  # fmt: skip
    targets = selectors_portfolio.targets_progress(SUMMARY, today=TODAY)
    assert targets["saved"] is None
    assert (targets["start"], targets["end"]) == (dt.date(2023, 10, 1), dt.date(2033, 10, 1))
    premises, invested, area = targets["lines"]
    assert premises["target"] == 400 and premises["share"] == Decimal(30) / 400
    assert invested["target"] == Decimal("150000000")
    assert area["target"] is None and area["share"] is None


def test_set_targets_drive_the_progress_and_the_history_keeps_the_previous(users, settings):
    officer = users["fonciere_officer"]
    first = _set(officer)
    targets = selectors_portfolio.targets_progress(SUMMARY, today=TODAY)
    assert targets["saved"] == first
    assert (targets["start"], targets["end"]) == (dt.date(2026, 1, 1), dt.date(2031, 1, 1))
    premises, invested, area = targets["lines"]
    assert premises["share"] == Decimal(30) / 120
    assert invested["share"] == Decimal("0.25")
    assert area["target"] == Decimal("12000") and area["share"] == Decimal("0.25")
    # The board revises them: the latest applies, the first stays.
    second = _set(users["metropole_admin"], premises=60, area_m2=None, reference="")
    targets = selectors_portfolio.targets_progress(SUMMARY, today=TODAY)
    assert targets["saved"] == second and targets["lines"][0]["share"] == Decimal("0.5")
    assert targets["lines"][2]["target"] is None
    assert list(selectors_portfolio.targets_history()) == [second, first]
    assert first.set_by == officer and first.reference.endswith("2026-04")
    entry = AuditEntry.objects.filter(action="fonciere.targets.set").latest("pk")
    assert entry.actor == users["metropole_admin"] and entry.data["premises"] == 60
    # Changing the settings no longer matters.
    settings.FONCIERE_TARGETS = {**settings.FONCIERE_TARGETS, "premises": 9999}
    assert selectors_portfolio.current_targets()["premises"] == 60


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("premises", 0),
        ("premises", -3),
        ("premises", "12"),
        ("invested", Decimal("0")),
        ("invested", Decimal("-5")),
        ("invested", "1,2,3"),
        ("invested", Decimal("1e20")),
        ("invested", Decimal("10.123")),
        ("invested", None),
        ("area_m2", Decimal("0")),
        ("area_m2", Decimal("1e15")),
        ("years", 0),
        ("years", 31),
        ("start", dt.date(1990, 1, 1)),
        ("start", dt.date(2040, 1, 1)),
        ("start", "2026-01-01"),
    ],
)
def test_bad_targets_are_refused_and_change_nothing(users, field, value):
    with pytest.raises(ValidationError) as exc:
        _set(users["fonciere_officer"], **{field: value})
    assert field in exc.value.message_dict
    assert not PortfolioTarget.objects.exists()
    assert not AuditEntry.objects.filter(action="fonciere.targets.set").exists()


def test_only_the_managers_set_targets(users):
    for name in ("commune_agent", "other_commune_agent", "economic_actor"):
        with pytest.raises(PermissionDenied):
            _set(users[name])
    assert not PortfolioTarget.objects.exists()


def test_targets_through_the_page(client, users):
    client.force_login(users["fonciere_officer"])
    page = client.get(reverse("fonciere:portfolio")).content.decode()
    assert "valeurs par défaut de la plateforme" in page and URL in page
    assert "valeurs par défaut de la plateforme" in client.get(URL).content.decode()
    response = client.post(
        URL,
        {
            "objectifs-premises": "150",
            "objectifs-invested": "60 000 000",
            "objectifs-area_m2": "",
            "objectifs-start": "2026-01-01",
            "objectifs-years": "8",
            "objectifs-reference": "Délibération n° 2026-07",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Objectifs du portefeuille enregistrés : 150 locaux en 8 ans" in page
    assert "Délibération n° 2026-07" in page and "valeurs par défaut" not in page
    target = PortfolioTarget.objects.get()
    assert (target.premises, target.invested, target.area_m2, target.years) == (
        150, Decimal("60000000"), None, 8,
    )  # fmt: skip
    history = client.get(URL).content.decode()
    assert "Délibération n° 2026-07" in history and "01/01/2026" in history


def test_bad_amount_through_the_page_is_shown_and_changes_nothing(client, users):
    client.force_login(users["fonciere_officer"])
    response = client.post(
        URL,
        {
            "objectifs-premises": "150",
            "objectifs-invested": "beaucoup",
            "objectifs-start": "2026-01-01",
            "objectifs-years": "40",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Montant illisible" in page
    assert "inférieure ou égale à 30" in page
    assert not PortfolioTarget.objects.exists()


def test_others_read_the_targets_but_cannot_set_them(client, users):
    _set(users["fonciere_officer"])
    client.force_login(users["commune_agent"])
    page = client.get(reverse("fonciere:portfolio")).content.decode()
    assert "Délibération du conseil d’administration n° 2026-04" in page
    assert URL not in page
    assert client.get(URL).status_code == 403
    data = {"objectifs-premises": "1", "objectifs-invested": "1", "objectifs-start": "2026-01-01",
            "objectifs-years": "1"}  # fmt: skip
    assert client.post(URL, data).status_code == 403
    assert PortfolioTarget.objects.count() == 1
