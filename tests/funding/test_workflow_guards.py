"""FIMACS transitions are guarded in the services: a person without the role, or with the
role for another commune, is refused (TransitionDenied) and nothing changes; the caducité
is the platform's alone; the dossier page draws the buttons the person may use."""

import datetime

import pytest
from django.urls import reverse

from cvv.core.workflows import SYSTEM, TransitionDenied
from cvv.funding.models import AgendaItem, CommitteeSession, Dossier, PaymentRequest, Reglement
from cvv.funding.services import committee, dossiers, instruction, payments
from cvv.funding.services.lapse import dossier_lapse
from cvv.funding.services.reglements import reglement_adopt, reglement_create_draft
from cvv.funding.workflows import DOSSIER
from tests.funding.factories import make_draft, make_envelope, walk

pytestmark = pytest.mark.django_db


def _state(dossier):
    return Dossier.objects.get(pk=dossier.pk).state


def test_commune_steps_need_a_person_of_the_dossiers_commune(users):
    dossier = make_draft(users["commune_agent"])
    for person in ("other_commune_agent", "instructor", "metropole_admin", "territory_agent"):
        with pytest.raises(TransitionDenied):
            dossiers.dossier_submit(dossier=dossier, actor=users[person])
        with pytest.raises(TransitionDenied):
            dossiers.dossier_withdraw(dossier=dossier, actor=users[person], reason="Essai")
    assert _state(dossier) == Dossier.State.DRAFT
    dossiers.dossier_submit(dossier=dossier, actor=users["commerce_manager"])
    assert _state(dossier) == Dossier.State.SUBMITTED


def test_instruction_steps_need_an_instructor(users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.SUBMITTED, users)
    for person in ("commune_agent", "finance_officer", "partner_expert"):
        with pytest.raises(TransitionDenied):
            instruction.dossier_instruct(
                dossier=dossier, name="start_instruction", actor=users[person]
            )
    assert _state(dossier) == Dossier.State.SUBMITTED
    instruction.dossier_instruct(
        dossier=dossier, name="start_instruction", actor=users["metropole_admin"]
    )
    assert _state(dossier) == Dossier.State.UNDER_INSTRUCTION


def test_committee_decision_payment_and_session_closing_are_guarded(users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.READY_FOR_COMMITTEE, users)
    make_envelope(dossier.edition, users["metropole_admin"])
    session = committee.session_create(
        edition=dossier.edition,
        title="Comité",
        date=datetime.date(dossier.edition.year, 6, 1),
        actor=users["instructor"],
    )
    item = committee.agenda_add(session=session, dossier=dossier, actor=users["instructor"])
    with pytest.raises(TransitionDenied):
        committee.decision_record(
            item=item, decision=AgendaItem.Decision.GRANTED, actor=users["finance_officer"]
        )
    assert _state(dossier) == Dossier.State.READY_FOR_COMMITTEE
    committee.decision_record(
        item=item, decision=AgendaItem.Decision.GRANTED, actor=users["instructor"]
    )
    with pytest.raises(TransitionDenied):
        committee.session_close(session=session, minutes="PV", actor=users["finance_officer"])
    committee.session_close(session=session, minutes="PV", actor=users["instructor"])
    assert CommitteeSession.objects.get(pk=session.pk).state == CommitteeSession.State.HELD

    dossier.refresh_from_db()
    dossier = walk(dossier, Dossier.State.CONVENTION_SIGNED, users)
    payment = payments.payment_request_create(
        dossier=dossier,
        kind=PaymentRequest.Kind.ADVANCE,
        justified={},
        actor=users["commune_agent"],
    )
    for person in ("instructor", "commune_agent"):
        with pytest.raises(TransitionDenied):
            payments.payment_validate(payment=payment, actor=users[person])
        with pytest.raises(TransitionDenied):
            payments.payment_reject(payment=payment, actor=users[person], reason="Non")
    assert PaymentRequest.objects.get(pk=payment.pk).state == PaymentRequest.State.SUBMITTED
    payments.payment_validate(payment=payment, actor=users["finance_officer"])
    assert PaymentRequest.objects.get(pk=payment.pk).state == PaymentRequest.State.VALIDATED
    assert _state(dossier) == Dossier.State.PAYING


def test_lapse_is_the_platforms_alone(users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    for person in ("metropole_admin", "instructor", "finance_officer"):
        with pytest.raises(TransitionDenied):
            dossier_lapse(dossier=dossier, reason="Essai", actor=users[person])
    assert _state(dossier) == Dossier.State.GRANTED
    dossier_lapse(dossier=dossier, reason="Travaux non commencés.", actor=SYSTEM)
    assert _state(dossier) == Dossier.State.LAPSED
    with pytest.raises(TransitionDenied):  # the platform fires only the caducité
        DOSSIER.apply(dossier, "close", actor=SYSTEM)


def test_only_an_administrator_votes_a_reglement(users):
    draft = reglement_create_draft(
        source=Reglement.objects.get(code="defaut-2026"),
        code="fimacs-2030",
        title="Règlement 2030",
        effective_from=datetime.date(2030, 1, 1),
        actor=users["metropole_admin"],
    )
    for person in ("instructor", "finance_officer", "commune_agent"):
        with pytest.raises(TransitionDenied):
            reglement_adopt(reglement=draft, deliberation="CM2030-1", actor=users[person])
    assert Reglement.objects.get(pk=draft.pk).status == Reglement.Status.DRAFT
    reglement_adopt(reglement=draft, deliberation="CM2030-1", actor=users["metropole_admin"])
    assert Reglement.objects.get(pk=draft.pk).status == Reglement.Status.ADOPTED


def test_dossier_page_draws_the_buttons_each_person_may_use(client, users):
    dossier = make_draft(users["commune_agent"])
    assert [t.name for t in DOSSIER.allowed(dossier, users["commune_agent"])] == [
        "submit",
        "withdraw",
    ]
    assert DOSSIER.allowed(dossier, users["other_commune_agent"]) == []
    assert DOSSIER.allowed(dossier, users["instructor"]) == []
    submit = reverse("fimacs:dossier_commune_action", args=[dossier.pk, "submit"])
    client.force_login(users["commune_agent"])
    assert submit in client.get(reverse("fimacs:dossier", args=[dossier.pk])).content.decode()
    dossier = walk(dossier, Dossier.State.SUBMITTED, users)
    assert {t.name for t in DOSSIER.allowed(dossier, users["instructor"])} == {
        "request_completion",
        "start_instruction",
        "refuse_ineligible",
    }
    client.force_login(users["instructor"])
    page = client.get(reverse("fimacs:dossier", args=[dossier.pk])).content.decode()
    assert reverse("fimacs:dossier_instruct", args=[dossier.pk, "start_instruction"]) in page
    assert reverse("fimacs:dossier_commune_action", args=[dossier.pk, "withdraw"]) not in page
