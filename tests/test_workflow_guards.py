"""The workflow table decides who may fire a transition: every registered workflow is bound
to its model field and guarded, the platform (SYSTEM) fires only `system` transitions, and
the system check reports a workflow whose states differ from its field's choices."""

import datetime as dt

import pytest

from cvv.core.checks import check_workflow_states
from cvv.core.plugins import app_modules
from cvv.core.workflows import REGISTRY, SYSTEM, Transition, TransitionDenied, Workflow
from cvv.observatory import surveys
from cvv.observatory.models import Survey
from cvv.observatory.workflows import IMPORT_WORKFLOW, SURVEY_WORKFLOW
from cvv.organisations.enums import Role
from cvv.territories.models import Commune

list(app_modules("workflows"))  # every declaring module registers its workflows on import
EXPECTED = {
    "coordination.referral",
    "fonciere.analysis",
    "fonciere.lease",
    "fonciere.letting",
    "fonciere.opportunity",
    "fonciere.sale",
    "fonciere.works",
    "events.event",
    "events.nomination",
    "events.registration",
    "funding.dossier",
    "funding.payment",
    "funding.reglement",
    "funding.session",
    "network.advice",
    "network.contact",
    "network.newsletter",
    "matchmaking.offer",
    "matchmaking.profile",
    "matchmaking.proposal",
    "matchmaking.introduction",
    "matchmaking.search",
    "observatory.import",
    "observatory.survey",
    "programme.accompaniment",
    "programme.accompaniment.phase",
    "programme.action",
    "programme.candidature",
    "programme.edition",
    "programme.expertise",
    "programme.help_request",
    "programme.recommendation",
    "programme.resource",
    "programme.review",
}
ROLES = set(Role.values)


def test_every_workflow_is_registered_bound_and_guarded():
    assert set(REGISTRY) >= EXPECTED
    for name, workflow in REGISTRY.items():
        assert workflow.model, f"{name} is not bound to a model"
        assert workflow.transitions, name
        for transition in workflow:
            assert transition.roles or transition.system, f"{name}.{transition.name}"
            assert set(transition.roles) <= ROLES, f"{name}.{transition.name}: unknown role"
    assert check_workflow_states(None) == []


def test_system_fires_only_system_transitions():
    fired = set()
    for name, workflow in REGISTRY.items():
        for transition in workflow:
            assert workflow.may(None, transition.name, SYSTEM) is transition.system
            if transition.system:
                fired.add(f"{name}.{transition.name}")
    assert fired == {
        "funding.dossier.lapse",
        "fonciere.opportunity.lapse",
        "events.registration.confirm",
        "events.registration.waitlist",
        "events.registration.promote",
        "events.registration.cancel",  # the person's signed link, checked by the platform
        "events.registration.offer",  # a freed place offered when the event sets a deadline
        "events.registration.accept_offer",  # the person's signed link, checked by the platform
        "events.registration.release",  # the hourly task: deadline to confirm passed
        "observatory.import.start",
        "observatory.import.succeed",
        "observatory.import.fail",
        "observatory.import.interrupt",
        "observatory.import.replace",
    }


@pytest.mark.django_db
def test_system_cannot_fire_a_person_transition_and_nobody_fires_a_system_one(users):
    survey = surveys.survey_create(
        commune=Commune.objects.get(code="93005"),
        date=dt.date(2025, 5, 1),
        title="",
        actor=users["commune_agent"],
    )
    with pytest.raises(TransitionDenied):
        SURVEY_WORKFLOW.apply(survey, "submit", actor=SYSTEM)
    with pytest.raises(TransitionDenied):
        SURVEY_WORKFLOW.apply(survey, "submit", actor=None)  # no actor is nobody
    survey.refresh_from_db()
    assert survey.state == Survey.State.DRAFT
    # Only the platform moves a data import, whoever the person is.
    for user in users.values():
        assert not IMPORT_WORKFLOW.may(None, "start", user)


def test_check_reports_a_workflow_whose_states_are_not_the_field_choices():
    Workflow(
        "test.wrong_states",
        [
            Transition("submit", ["draft"], "submitted", "Transmettre", roles=(Role.INSTRUCTOR,)),
            Transition("archive", ["submitted"], "archived", "Archiver", roles=(Role.INSTRUCTOR,)),
        ],
        model="observatory.Survey",
    )
    Workflow(
        "test.unbound",
        [Transition("go", ["a"], "b", "Aller", roles=(Role.INSTRUCTOR,))],
    )
    Workflow(
        "test.unguarded",
        [
            Transition("submit", ["draft"], "submitted", "Transmettre"),
            Transition("validate", ["submitted"], "validated", "Valider", system=True),
            Transition("reject", ["submitted"], "rejected", "Refuser", system=True),
            Transition("reopen", ["rejected"], "draft", "Reprendre", system=True),
        ],
        model="observatory.Survey",
    )
    try:
        errors = check_workflow_states(None)
    finally:
        for name in ("test.wrong_states", "test.unbound", "test.unguarded"):
            REGISTRY.pop(name)
    messages = {error.msg: error.id for error in errors}
    assert set(messages.values()) == {"cvv.E010"}
    assert any(
        "test.wrong_states" in m and "'archived'" in m and "'rejected'" in m for m in messages
    )
    assert any("test.unbound is not bound" in m for m in messages)
    assert any("test.unguarded" in m and "submit have no guard" in m for m in messages)
    assert len(errors) == 3
    assert check_workflow_states(None) == []


@pytest.mark.django_db
def test_survey_steps_by_side(users):
    survey = surveys.survey_create(
        commune=Commune.objects.get(code="93005"),
        date=dt.date(2025, 5, 1),
        title="",
        actor=users["commune_agent"],
    )
    surveys.premise_add(
        survey=survey, actor=users["commune_agent"], code="93005", status="vacant", address="1 rue"
    )
    for person in ("other_commune_agent", "territory_agent", "partner_expert"):
        with pytest.raises(TransitionDenied):
            surveys.survey_transition(survey=survey, name="submit", actor=users[person])
    surveys.survey_transition(survey=survey, name="submit", actor=users["commerce_manager"])
    with pytest.raises(TransitionDenied):
        surveys.survey_transition(survey=survey, name="validate", actor=users["commune_agent"])
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.SUBMITTED
    assert [t.name for t in SURVEY_WORKFLOW.allowed(survey, users["instructor"])] == [
        "validate",
        "reject",
    ]
    surveys.survey_transition(survey=survey, name="validate", actor=users["instructor"])
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.VALIDATED
