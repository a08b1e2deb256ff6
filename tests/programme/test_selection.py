from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cvv.organisations.models import Membership, Organisation
from cvv.programme.models import Accompaniment, Candidature, Review
from cvv.programme.services import selection as services
from tests.factories import commune, make_user
from tests.programme.factories import make_edition

pytestmark = pytest.mark.django_db


def under_review(code="93005", edition=None, agent=None):
    edition = edition or make_edition()
    return Candidature.objects.create(
        edition=edition,
        commune=commune(code),
        created_by=agent or make_user(role="commune_agent", commune=code),
        state=Candidature.State.UNDER_REVIEW,
        contact_email="mairie@test.cvv",
    )


def score(review, values, actor):
    criteria = list(review.candidature.edition.criteria.all())
    return services.review_save(
        review=review,
        scores={c.pk: (v, "") for c, v in zip(criteria, values, strict=True)},
        no_conflict_declared=True,
        actor=actor,
    )


def test_weighted_score_and_submission(users):
    candidature = under_review()
    reviewer = users["instructor"]
    review = services.review_open(candidature=candidature, reviewer=reviewer)
    assert review.same_territory is False
    review = score(review, [4, 5], reviewer)  # (60×4/5 + 40×5/5) / 100 × 100 = 88
    assert review.total == Decimal("88.00")
    services.review_submit(review=review, actor=reviewer)
    assert review.state == Review.State.SUBMITTED
    with pytest.raises(ValidationError, match="remise"):
        score(review, [1, 1], reviewer)


def test_incomplete_grid_cannot_be_submitted_and_scores_are_bounded(users):
    review = services.review_open(candidature=under_review(), reviewer=users["instructor"])
    criteria = list(review.candidature.edition.criteria.all())
    services.review_save(review=review, scores={criteria[0].pk: (3, "")}, actor=users["instructor"])
    assert review.total is None
    with pytest.raises(ValidationError, match="tous les critères"):
        services.review_submit(review=review, actor=users["instructor"])
    services.review_save(
        review=review,
        scores={c.pk: (3, "") for c in criteria},
        actor=users["instructor"],
    )
    with pytest.raises(ValidationError, match="Déclarez vos intérêts"):
        services.review_submit(review=review, actor=users["instructor"])
    with pytest.raises(ValidationError, match="entre 0 et 5"):
        score(review, [6, 2], users["instructor"])
    with pytest.raises(ValidationError, match="Seul l’évaluateur"):
        score(review, [1, 2], users["metropole_admin"])


def test_conflict_of_interest_recuses_and_same_territory_is_flagged(users):
    candidature = under_review()
    reviewer = users["instructor"]
    # The reviewer also sits in an organisation of T7 (the commune's territory).
    Membership.objects.create(
        user=reviewer,
        organisation=Organisation.objects.get(kind="territoire", territoire__code="T7"),
        role="territory_agent",
    )
    review = services.review_open(candidature=candidature, reviewer=reviewer)
    assert review.same_territory
    with pytest.raises(ValidationError, match="Décrivez"):
        services.review_save(review=review, scores={}, conflict_declared=True, actor=reviewer)
    services.review_save(
        review=review,
        scores={},
        conflict_declared=True,
        conflict_details="Mon conjoint est adjoint au maire.",
        actor=reviewer,
    )
    assert review.state == Review.State.RECUSED
    flags = services.ranking(candidature.edition)[0].flags
    assert any("conflit" in f for f in flags) and any("même territoire" in f for f in flags)


def test_ranking_adds_need_bonus(users):
    edition = make_edition()
    big = under_review("93005", edition)
    small = under_review("91479", edition)  # Paray-Vieille-Poste: small commune
    small.need_bonus = Decimal("5.00")
    small.save()
    for candidature, values in ((big, [4, 4]), (small, [4, 3])):
        review = services.review_open(candidature=candidature, reviewer=users["instructor"])
        score(review, values, users["instructor"])
        services.review_submit(review=review, actor=users["instructor"])
    rows = services.ranking(edition)
    # big: 80; small: (48 + 24) = 72 + 5 bonus = 77
    assert [(r.candidature, r.average, r.final) for r in rows] == [
        (big, Decimal("80.00"), Decimal("80.00")),
        (small, Decimal("72.00"), Decimal("77.00")),
    ]


def test_committee_decision_creates_accompaniment_and_notifies(
    users, django_capture_on_commit_callbacks
):
    candidature = under_review(agent=users["commune_agent"])
    with pytest.raises(ValidationError, match="Au moins une évaluation"):
        services.committee_decide(
            candidature=candidature,
            decision="accept",
            reason="Projet solide",
            actor=users["instructor"],
        )
    review = services.review_open(candidature=candidature, reviewer=users["instructor"])
    score(review, [5, 5], users["instructor"])
    services.review_submit(review=review, actor=users["instructor"])
    with pytest.raises(ValidationError, match="motif"):
        services.committee_decide(
            candidature=candidature, decision="accept", reason="", actor=users["metropole_admin"]
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.committee_decide(
            candidature=candidature,
            decision="accept_studies",
            reason="Études préalables nécessaires.",
            referent=users["instructor"],
            actor=users["metropole_admin"],
        )
    candidature.refresh_from_db()
    assert candidature.state == Candidature.State.ACCEPTED_STUDIES
    accompaniment = Accompaniment.objects.get(candidature=candidature)
    assert accompaniment.studies_only and accompaniment.referent == users["instructor"]
    assert accompaniment.milestones.filter(phase="implementation").count() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert users["commune_agent"].email in message.to and "mairie@test.cvv" in message.to
    assert "Études préalables" in message.body


def test_refusal_creates_no_accompaniment(users, django_capture_on_commit_callbacks):
    candidature = under_review()
    review = services.review_open(candidature=candidature, reviewer=users["instructor"])
    score(review, [1, 1], users["instructor"])
    services.review_submit(review=review, actor=users["instructor"])
    with django_capture_on_commit_callbacks(execute=True):
        services.committee_decide(
            candidature=candidature,
            decision="refuse",
            reason="Projet insuffisamment mûr.",
            actor=users["instructor"],
        )
    assert not Accompaniment.objects.exists()
    assert "Non retenue" in mail.outbox[0].body


def test_reviewer_reopens_until_the_decision(users):
    candidature = under_review()
    review = services.review_open(candidature=candidature, reviewer=users["instructor"])
    score(review, [3, 3], users["instructor"])
    services.review_submit(review=review, actor=users["instructor"])
    services.review_reopen(review=review, actor=users["instructor"])
    assert review.state == Review.State.DRAFT
    score(review, [5, 5], users["instructor"])
    services.review_submit(review=review, actor=users["instructor"])
    services.committee_decide(
        candidature=candidature, decision="accept", reason="Oui", actor=users["instructor"]
    )
    with pytest.raises(ValidationError, match="a décidé"):
        services.review_reopen(review=review, actor=users["instructor"])


def test_same_territory_through_a_commune_of_the_territory(users):
    reviewer = users["instructor"]
    aulnay = commune("93005")
    assert not services.reviewer_same_territory(reviewer, aulnay)
    # Montreuil is in another territory; Aulnay's own commune organisation is in T7.
    Membership.objects.create(
        user=reviewer,
        organisation=Organisation.objects.get(kind="commune", commune__code="93048"),
        role="commune_agent",
    )
    assert not services.reviewer_same_territory(reviewer, aulnay)
    Membership.objects.create(
        user=reviewer,
        organisation=Organisation.objects.get(kind="commune", commune__code="93005"),
        role="commune_agent",
    )
    assert services.reviewer_same_territory(reviewer, aulnay)
