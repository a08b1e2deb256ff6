"""Programme transitions are guarded in the services: the wrong role, or the right role for
another commune, another review or another partner, is refused (TransitionDenied) and the
state stays as it was; `allowed()` lists what each person may do."""

import datetime

import pytest
from django.utils import timezone

from cvv.core.workflows import TransitionDenied
from cvv.organisations.models import Organisation
from cvv.programme.models import (
    Accompaniment,
    Action,
    Candidature,
    Edition,
    ExpertiseRequest,
    Review,
)
from cvv.programme.services import accompaniments, candidatures, expertise, plan, selection
from cvv.programme.workflows import CANDIDATURE, EDITION, EXPERTISE, PHASE
from tests.factories import commune, make_user
from tests.programme.factories import make_accompaniment, make_edition

pytestmark = pytest.mark.django_db


def _draft(users):
    return candidatures.candidature_create(
        edition=make_edition(), commune=commune("93005"), actor=users["commune_agent"]
    )


def test_candidature_steps_by_side(users):
    candidature = _draft(users)
    for person in ("other_commune_agent", "instructor", "partner_expert"):
        with pytest.raises(TransitionDenied):
            candidatures.candidature_submit(candidature=candidature, actor=users[person])
        with pytest.raises(TransitionDenied):
            candidatures.candidature_transition(
                candidature=candidature, name="withdraw", actor=users[person]
            )
    # The territory's agent prepares and files it too, but only the commune withdraws it.
    assert [t.name for t in CANDIDATURE.allowed(candidature, users["territory_agent"])] == [
        "submit"
    ]
    assert {t.name for t in CANDIDATURE.allowed(candidature, users["commune_agent"])} == {
        "submit",
        "withdraw",
    }
    Candidature.objects.filter(pk=candidature.pk).update(state=Candidature.State.SUBMITTED)
    candidature.refresh_from_db()
    for person in ("commune_agent", "finance_officer", "territory_agent"):
        with pytest.raises(TransitionDenied):
            candidatures.candidature_transition(
                candidature=candidature, name="declare_eligible", actor=users[person]
            )
    assert Candidature.objects.get(pk=candidature.pk).state == Candidature.State.SUBMITTED
    assert {
        t.name for t in CANDIDATURE.allowed(candidature, users["instructor"], group="instruction")
    } == {"request_completion", "declare_eligible", "declare_ineligible"}
    candidatures.candidature_transition(
        candidature=candidature,
        name="declare_eligible",
        actor=users["instructor"],
        reason="Pièces vérifiées en mairie.",  # the draft fails the automatic checks
    )
    with pytest.raises(TransitionDenied):
        selection.committee_decide(
            candidature=candidature, decision="refuse", reason="Non", actor=users["finance_officer"]
        )
    assert Candidature.objects.get(pk=candidature.pk).state == Candidature.State.UNDER_REVIEW


def test_only_the_reviewer_moves_their_review(users):
    candidature = _draft(users)
    Candidature.objects.filter(pk=candidature.pk).update(state=Candidature.State.UNDER_REVIEW)
    candidature.refresh_from_db()
    review = selection.review_open(candidature=candidature, reviewer=users["instructor"])
    other = make_user(role="instructor", email="autre.instructeur@test.cvv")
    with pytest.raises(TransitionDenied):
        selection.REVIEW.apply(review, "recuse", actor=other, reason="Conflit")
    assert Review.objects.get(pk=review.pk).state == Review.State.DRAFT


def test_editions_and_accompaniments_are_the_metropoles(users):
    edition = make_edition(number=9, state=Edition.State.DRAFT)
    assert EDITION.allowed(edition, users["instructor"]) == []
    with pytest.raises(TransitionDenied):
        EDITION.apply(edition, "open_call", actor=users["instructor"])
    assert [t.name for t in EDITION.allowed(edition, users["metropole_admin"])] == ["open_call"]
    accompaniment = make_accompaniment()
    for person in ("commune_agent", "partner_expert"):
        with pytest.raises(TransitionDenied):
            accompaniments.accompaniment_transition(
                accompaniment=accompaniment, name="complete", actor=users[person]
            )
    assert Accompaniment.objects.get(pk=accompaniment.pk).state == Accompaniment.State.ACTIVE
    # Phases: the advisors only (staff, and the experts on the team).
    with pytest.raises(TransitionDenied):
        accompaniments.phase_advance(accompaniment=accompaniment, actor=users["commune_agent"])
    assert PHASE.allowed(accompaniment, users["partner_expert"]) == []
    expert_team = make_accompaniment(
        "93048", accompaniment.edition, experts=[users["partner_expert"]]
    )
    assert [t.name for t in PHASE.allowed(expert_team, users["partner_expert"])] == ["to_strategy"]


def test_actions_belong_to_the_accompaniments_contributors(users):
    accompaniment = make_accompaniment()
    action = Action.objects.create(
        accompaniment=accompaniment, title="Vitrines", created_by=users["commune_agent"]
    )
    for person in ("other_commune_agent", "partner_expert", "economic_actor"):
        with pytest.raises(TransitionDenied):
            plan.action_transition(action=action, name="start", actor=users[person])
    assert Action.objects.get(pk=action.pk).status == Action.Status.PLANNED
    plan.action_transition(action=action, name="start", actor=users["commerce_manager"])
    assert Action.objects.get(pk=action.pk).status == Action.Status.IN_PROGRESS


def test_expertise_sides(users):
    accompaniment = make_accompaniment()
    request = ExpertiseRequest.objects.create(
        accompaniment=accompaniment,
        domain="commercial",
        subject="Programmation",
        question="?",
        due_on=timezone.localdate() + datetime.timedelta(days=10),
        partner=Organisation.objects.get(name="CCI Paris Île-de-France"),
        requested_by=users["commune_agent"],
    )
    # Another partner's officer (right role, wrong partner), the commune (wrong side).
    for person in ("fonciere_officer", "commune_agent"):
        with pytest.raises(TransitionDenied):
            expertise.expertise_transition(request=request, name="accept", actor=users[person])
    assert not request.accompaniment.members.filter(user=users["fonciere_officer"]).exists()
    assert [t.name for t in EXPERTISE.allowed(request, users["partner_expert"])] == [
        "accept",
        "answer",
        "decline",
    ]
    expertise.expertise_transition(
        request=request, name="answer", actor=users["partner_expert"], text="Une épicerie."
    )
    assert [t.name for t in EXPERTISE.allowed(request, users["commune_agent"])] == [
        "close",
        "reopen",
    ]
    assert EXPERTISE.allowed(request, users["other_commune_agent"]) == []
    with pytest.raises(TransitionDenied):
        expertise.expertise_transition(
            request=request, name="close", actor=users["other_commune_agent"]
        )
    assert ExpertiseRequest.objects.get(pk=request.pk).state == ExpertiseRequest.State.ANSWERED
