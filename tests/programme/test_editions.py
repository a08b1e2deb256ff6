import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cvv.programme.models import Candidature, Edition, Review, Score
from cvv.programme.services import editions as services
from tests.factories import commune
from tests.programme.factories import make_edition

pytestmark = pytest.mark.django_db


def test_admin_creates_an_edition_with_its_call(client, users):
    client.force_login(users["metropole_admin"])
    response = client.post(
        reverse("programme:edition_create"),
        {
            "number": 4,
            "name": "4e édition",
            "year": 2027,
            "starts_on": "2027-01-15",
            "ends_on": "2028-12-31",
            "budget": "2000000",
            "inactivity_days": 21,
            "bonus_small": "6",
            "bonus_fragile": "4",
            "bonus_third_quartile": "1.5",
            "call_title": "Appel 2027",
            "call_opens_on": "2027-01-15",
            "call_closes_on": "2027-06-30",
            "required_documents": ["deliberation", "plan_financement"],
        },
    )
    assert response.status_code == 302
    edition = Edition.objects.get(number=4)
    assert edition.state == "draft" and edition.budget == Decimal("2000000")
    assert (edition.bonus_small, edition.bonus_third_quartile) == (Decimal("6"), Decimal("1.5"))
    assert edition.call.required_documents == ["deliberation", "plan_financement"]
    client.post(
        reverse("programme:question_add", args=[4]),
        {"label": "Quel est le calendrier politique ?", "required": "on"},
    )
    client.post(
        reverse("programme:criterion_add", args=[4]),
        {"label": "Maturité", "weight": "50", "max_score": 5},
    )
    assert edition.call.questions.count() == 1 and edition.criteria.count() == 1
    page = client.get(reverse("programme:edition", args=[4])).content.decode()
    assert "Plan de financement" in page and "Maturité" in page


def test_edition_dates_are_checked(users):
    with pytest.raises(ValidationError, match="edition_dates_order"):
        services.edition_save(
            actor=users["metropole_admin"],
            call_data={
                "title": "Appel",
                "opens_on": datetime.date(2027, 1, 1),
                "closes_on": datetime.date(2027, 6, 1),
            },
            number=5,
            name="5e édition",
            year=2027,
            starts_on=datetime.date(2027, 6, 1),
            ends_on=datetime.date(2027, 1, 1),
            budget=Decimal("10"),
        )
    assert not Edition.objects.filter(number=5).exists()


def test_grid_and_questions_freeze_once_used(users):
    edition = make_edition()
    criterion = edition.criteria.first()
    candidature = Candidature.objects.create(
        edition=edition,
        commune=commune("93005"),
        created_by=users["commune_agent"],
        state="under_review",
    )
    review = Review.objects.create(candidature=candidature, reviewer=users["instructor"])
    Score.objects.create(review=review, criterion=criterion, value=3)
    with pytest.raises(ValidationError, match="déjà été noté"):
        services.criterion_delete(criterion=criterion, actor=users["metropole_admin"])
    with pytest.raises(ValidationError, match="évaluations ont commencé"):
        services.criterion_add(
            edition=edition, label="Nouveau", weight=Decimal("10"), actor=users["metropole_admin"]
        )
    with pytest.raises(ValidationError, match="déjà été déposées"):
        services.question_delete(
            question=edition.call.questions.get(), actor=users["metropole_admin"]
        )
