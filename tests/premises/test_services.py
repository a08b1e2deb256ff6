import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cvv.audit.models import AuditEntry
from cvv.observatory.models import Premise, Survey
from cvv.premises import selectors, services
from cvv.premises.labels import AUDIT_LABELS
from cvv.premises.models import Premises, SurveyLink
from cvv.territories.models import Centralite
from tests.factories import commune

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def inside(code):
    """A point inside the commune's first perimeter (its representative point)."""
    version = Centralite.objects.filter(commune__code=code).first().current_version
    point = version.shape.representative_point()
    return point.x, point.y


def test_create_locates_in_the_centre_and_derives_the_category(users):
    lon, lat = inside("93005")
    premises = services.premises_create(
        actor=users["commune_agent"],
        commune=commune("93005"),
        address="12 rue de Sevran",
        status="vacant",
        on=dt.date(2025, 1, 10),
        lon=lon,
        lat=lat,
        naf_code="47.24z",
        sales_area_m2=Decimal("85.5"),
    )
    assert premises.in_centre is True and premises.centralite is not None
    assert premises.naf_code == "47.24Z" and premises.activity_category == "alimentaire"
    assert premises.vacant_since == dt.date(2025, 1, 10)
    assert premises.status_changes.count() == 1
    assert AuditEntry.objects.filter(action="premises.premises.create").count() == 1


def test_a_point_outside_the_commune_is_refused(users):
    with pytest.raises(ValidationError) as exc:
        services.premises_create(
            actor=users["commune_agent"],
            commune=commune("93005"),
            address="1 place",
            status="occupe",
            lon=2.35,
            lat=48.85,  # Paris
        )
    assert "hors du territoire" in str(exc.value)


def test_a_commune_cannot_create_in_another_commune(users):
    with pytest.raises(PermissionDenied):
        services.premises_create(
            actor=users["other_commune_agent"],
            commune=commune("93005"),
            address="1 place",
            status="vacant",
        )


def test_scope_commune_fonciere_and_metropole(users):
    own = services.premises_create(
        actor=users["commune_agent"], commune=commune("93005"), address="1 a", status="vacant"
    )
    followed = services.premises_create(
        actor=users["fonciere_officer"], commune=commune("93048"), address="2 b", status="vacant"
    )
    assert followed.fonciere_followed
    assert set(selectors.premises_visible_to(users["commune_agent"])) == {own}
    assert set(selectors.premises_visible_to(users["other_commune_agent"])) == {followed}
    assert set(selectors.premises_visible_to(users["fonciere_officer"])) == {followed}
    assert set(selectors.premises_visible_to(users["instructor"])) == {own, followed}
    for role in ("territory_agent", "partner_expert", "economic_actor"):
        assert not selectors.premises_visible_to(users[role]).exists()
    with pytest.raises(PermissionDenied):
        services.premises_update(actor=users["other_commune_agent"], premises=own, owner_name="X")


def test_status_history_and_vacancy(users):
    premises = services.premises_create(
        actor=users["commune_agent"],
        commune=commune("93005"),
        address="3 rue",
        status="occupe",
        on=dt.date(2023, 1, 1),
    )
    services.premises_set_status(
        actor=users["commune_agent"], premises=premises, status="vacant", on=dt.date(2023, 6, 1)
    )
    premises.refresh_from_db()
    assert premises.vacant_since == dt.date(2023, 6, 1)
    assert premises.vacancy_class(dt.date(2024, 1, 1)) == "conjoncturelle"
    # An older observation joins the history without changing the current status.
    services.premises_set_status(
        actor=users["commune_agent"], premises=premises, status="occupe", on=dt.date(2023, 3, 1)
    )
    premises.refresh_from_db()
    assert premises.status == "vacant" and premises.status_changes.count() == 3
    services.premises_set_status(
        actor=users["commune_agent"], premises=premises, status="occupe", on=TODAY
    )
    premises.refresh_from_db()
    assert premises.vacant_since is None and premises.vacancy_class() is None
    with pytest.raises(ValidationError):
        services.premises_set_status(
            actor=users["commune_agent"],
            premises=premises,
            status="vacant",
            on=TODAY + dt.timedelta(days=1),
        )


def _line(survey, status, address, observed_on, **extra):
    return Premise.objects.create(
        survey=survey,
        code=survey.commune.code,
        status=status,
        address=address,
        observed_on=observed_on,
        **extra,
    )


def test_survey_lines_link_or_create_register_entries(users):
    c = commune("93005")
    first = Survey.objects.create(commune=c, date=dt.date(2024, 5, 1), state="validated")
    vacant = _line(first, "vacant", "12, Rue de l’Église", dt.date(2024, 5, 1))
    occupied = _line(first, "occupe", "14 rue de l’Église", dt.date(2024, 5, 1))
    assert services.link_survey(survey=first) == {"linked": 0, "created": 1, "skipped": 1}
    entry = vacant.register_link.premises
    assert entry.status == "vacant" and entry.vacant_since == dt.date(2024, 5, 1)
    assert not SurveyLink.objects.filter(survey_line=occupied).exists()
    # Idempotent.
    assert services.link_survey(survey=first) == {"linked": 0, "created": 0, "skipped": 1}
    # The next survey finds the same premises (address spelled differently) now occupied.
    second = Survey.objects.create(commune=c, date=dt.date(2025, 5, 1), state="validated")
    line = _line(second, "occupe", "12 rue de l'eglise", dt.date(2025, 5, 1))
    assert services.link_survey(survey=second) == {"linked": 1, "created": 0, "skipped": 0}
    entry.refresh_from_db()
    assert line.register_link.premises == entry
    assert entry.status == "occupe" and entry.vacant_since is None
    assert [s.source for s in entry.status_changes.all()] == ["releve", "releve"]
    assert Premises.objects.count() == 1


def test_paris_arrondissement_lines_belong_to_paris(users):
    paris = commune("75056")
    survey = Survey.objects.create(commune=paris, date=dt.date(2025, 1, 1))
    line = Premise.objects.create(
        survey=survey, code="75111", status="vacant", address="5 rue Oberkampf",
        observed_on=dt.date(2025, 1, 1),
    )  # fmt: skip
    premises = services.link_survey_line(survey_line=line)
    assert premises.commune == paris


def test_every_audit_code_has_a_french_label():
    import inspect

    source = inspect.getsource(services)
    import re

    codes = set(re.findall(r'"(premises\.[a-z_]+\.[a-z_]+)"', source))
    assert codes and codes <= set(AUDIT_LABELS)
