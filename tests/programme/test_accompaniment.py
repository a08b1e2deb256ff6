import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from cvv.documents.selectors import document_for_download
from cvv.organisations.models import Organisation
from cvv.programme.models import Action, ExpertiseRequest, Recommendation, Resource, TeamMember
from cvv.programme.services import accompaniments as services
from cvv.programme.services import expertise as expertise_services
from cvv.programme.services import plan
from tests.documents.helpers import pdf
from tests.programme.factories import make_accompaniment

pytestmark = pytest.mark.django_db


def test_phases_advance_in_order_and_studies_only_stops_at_action_plan(users):
    accompaniment = make_accompaniment(studies_only=True)
    admin = users["metropole_admin"]
    for expected in ("strategy", "action_plan"):
        services.phase_advance(accompaniment=accompaniment, actor=admin)
        assert accompaniment.phase == expected
    with pytest.raises(ValidationError, match="études seulement"):
        services.phase_advance(accompaniment=accompaniment, actor=admin)
    full = make_accompaniment("93048", accompaniment.edition)
    for _ in range(4):
        services.phase_advance(accompaniment=full, actor=admin)
    assert full.phase == "evaluation"
    with pytest.raises(ValidationError, match="dernière phase"):
        services.phase_advance(accompaniment=full, actor=admin)


def test_suspended_accompaniment_is_frozen(users):
    accompaniment = make_accompaniment()
    services.accompaniment_transition(
        accompaniment=accompaniment, name="suspend", actor=users["instructor"], reason="Élections"
    )
    with pytest.raises(ValidationError, match="pas en cours"):
        services.phase_advance(accompaniment=accompaniment, actor=users["instructor"])
    with pytest.raises(ValidationError, match="pas en cours"):
        plan.action_create(accompaniment=accompaniment, actor=users["instructor"], title="X")


def test_team_member_kind_is_checked(users):
    accompaniment = make_accompaniment()
    with pytest.raises(ValidationError, match="expert"):
        services.team_member_add(
            accompaniment=accompaniment,
            user=users["commune_agent"],
            kind="expert",
            actor=users["metropole_admin"],
        )
    services.team_member_add(
        accompaniment=accompaniment,
        user=users["instructor"],
        kind="referent",
        actor=users["metropole_admin"],
    )
    accompaniment.refresh_from_db()
    assert accompaniment.referent == users["instructor"]


def test_deliverable_versions_and_expert_access(users):
    accompaniment = make_accompaniment(experts=[users["partner_expert"]])
    agent = users["commune_agent"]
    deliverable = services.deliverable_upload(
        accompaniment=accompaniment,
        uploaded_file=pdf(),
        title="Diagnostic commercial",
        phase="diagnostic",
        actor=agent,
    )
    first = deliverable.document
    services.deliverable_upload(
        accompaniment=accompaniment, uploaded_file=pdf(), deliverable=deliverable, actor=agent
    )
    assert deliverable.document.version == 2 and deliverable.document.replaces == first
    # The partner expert on the team reads both versions; an expert not on it does not.
    assert document_for_download(users["partner_expert"], first.pk) == first
    TeamMember.objects.filter(user=users["partner_expert"]).delete()
    with pytest.raises(Http404):
        document_for_download(users["partner_expert"], first.pk)


def test_action_plan_workflow_and_budget(users):
    accompaniment = make_accompaniment()
    agent = users["commune_agent"]
    action = plan.action_create(
        accompaniment=accompaniment,
        actor=agent,
        title="Recruter un manager de commerce",
        owner=agent,
        deadline=timezone.localdate() - datetime.timedelta(days=3),
        budget=Decimal("45000.00"),
    )
    assert action.is_overdue and action.phase == "diagnostic"
    with pytest.raises(ValidationError, match="motif"):
        plan.action_transition(action=action, name="cancel", actor=agent)
    plan.action_transition(action=action, name="complete", actor=agent)
    assert action.status == Action.Status.DONE and action.completed_on and not action.is_overdue
    with pytest.raises(ValidationError, match="action_budget_gte_0"):
        plan.action_create(
            accompaniment=accompaniment, actor=agent, title="X", budget=Decimal("-1")
        )


def test_meeting_decision_becomes_action(users):
    accompaniment = make_accompaniment()
    meeting = plan.meeting_create(
        accompaniment=accompaniment,
        actor=users["instructor"],
        kind="copil",
        title="Comité de pilotage n°1",
        held_at=timezone.now(),
        participants=[users["commune_agent"], users["instructor"]],
    )
    decision = plan.meeting_decision_add(
        meeting=meeting,
        text="Lancer une étude de programmation commerciale",
        make_action=True,
        owner=users["commune_agent"],
        actor=users["instructor"],
    )
    assert decision.action.title == "Lancer une étude de programmation commerciale"
    assert decision.action.accompaniment == accompaniment
    assert "Comité de pilotage n°1" in decision.action.description


def test_recommendation_follow_up_by_commune(users):
    accompaniment = make_accompaniment()
    resource = Resource.objects.create(
        title="Charte des devantures", category="template", author="CAUE", summary="Modèle"
    )
    recommendation = plan.recommendation_create(
        accompaniment=accompaniment,
        title="Adopter une charte des devantures",
        body="",
        resources=[resource],
        actor=users["instructor"],
    )
    with pytest.raises(ValidationError, match="motif"):
        plan.recommendation_transition(
            recommendation=recommendation, name="dismiss", actor=users["commune_agent"]
        )
    plan.recommendation_transition(
        recommendation=recommendation,
        name="dismiss",
        actor=users["commune_agent"],
        comment="Une charte existe déjà depuis 2022.",
    )
    assert recommendation.status == Recommendation.Status.NOT_RELEVANT
    assert recommendation.commune_comment == "Une charte existe déjà depuis 2022."


def test_private_notes_only_for_advisors(users):
    accompaniment = make_accompaniment()
    with pytest.raises(ValidationError, match="réservées"):
        plan.message_post(
            accompaniment=accompaniment,
            body="Note",
            private=True,
            actor=users["commune_agent"],
            may_write_private=False,
        )


def test_expertise_routing_and_answer(users, django_capture_on_commit_callbacks):
    accompaniment = make_accompaniment()
    cci = Organisation.objects.get(name="CCI Paris Île-de-France")
    cci.partner_type = "CCI"
    cci.save()
    with django_capture_on_commit_callbacks(execute=True):
        request = expertise_services.expertise_request_create(
            accompaniment=accompaniment,
            domain="commercial",
            subject="Programmation commerciale",
            question="Quelles activités pour les cellules vacantes ?",
            due_on=timezone.localdate() + datetime.timedelta(days=15),
            actor=users["commune_agent"],
        )
    assert request.partner == cci
    # The partner's experts are told, in the platform and by e-mail.
    assert users["partner_expert"].programme_notifications.get().kind == "expertise_update"
    assert mail.outbox[-1].to == [users["partner_expert"].email]
    assert "Programmation commerciale" in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="Aucun partenaire"):
        expertise_services.expertise_request_create(
            accompaniment=accompaniment,
            domain="crafts",
            subject="Artisanat",
            question="?",
            due_on=None,
            actor=users["commune_agent"],
        )
    with pytest.raises(ValidationError, match="Rédigez"):
        expertise_services.expertise_transition(
            request=request, name="answer", actor=users["partner_expert"]
        )
    with django_capture_on_commit_callbacks(execute=True):
        expertise_services.expertise_transition(
            request=request,
            name="answer",
            actor=users["partner_expert"],
            text="Une épicerie fine.",
        )
    assert mail.outbox[-1].to == [users["commune_agent"].email]
    assert "a répondu" in mail.outbox[-1].body
    assert request.state == ExpertiseRequest.State.ANSWERED
    assert request.assigned_to == users["partner_expert"]
    assert accompaniment.members.filter(user=users["partner_expert"], kind="expert").exists()


def test_messages_notify_the_other_side_and_private_notes_only_advisors(users):
    accompaniment = make_accompaniment(
        referent=users["instructor"], experts=[users["partner_expert"]]
    )
    plan.message_post(
        accompaniment=accompaniment,
        body="Le comité est reporté au 12.",
        private=False,
        actor=users["commune_agent"],
        may_write_private=False,
    )
    assert users["instructor"].programme_notifications.count() == 1
    assert users["partner_expert"].programme_notifications.count() == 1
    assert users["commune_agent"].programme_notifications.count() == 0
    plan.message_post(
        accompaniment=accompaniment,
        body="Élu peu disponible.",
        private=True,
        actor=users["instructor"],
        may_write_private=True,
    )
    assert users["partner_expert"].programme_notifications.count() == 2
    assert users["commerce_manager"].programme_notifications.count() == 0
    plan.message_post(
        accompaniment=accompaniment,
        body="Voici le compte rendu.",
        private=False,
        actor=users["instructor"],
        may_write_private=True,
    )
    assert users["commerce_manager"].programme_notifications.count() == 1
