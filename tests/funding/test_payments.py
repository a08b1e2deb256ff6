"""Payment rule (pure engine, to the cent) and payment services with the DB invariant."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cvv.funding.engine import ADVANCE, FINAL, INTERIM, payment_due, rules_from_dict
from cvv.funding.loader import default_data
from cvv.funding.models import Dossier, Envelope, PaymentRequest
from cvv.funding.services import payments
from cvv.funding.services.lapse import dossiers_lapse
from tests.funding.factories import make_draft, prove, walk

D = Decimal
RULES = rules_from_dict(default_data())
GRANTED = {"granted": D("63000"), "rates": {"TRAVAUX_LOCAUX": D("0.40"), "ETUDES": D("0.50")}}
AID = {"TRAVAUX_LOCAUX": D("48000"), "ETUDES": D("15000")}


def due(kind, justified, paid="0"):
    return payment_due(
        RULES,
        kind=kind,
        granted=GRANTED["granted"],
        rates=GRANTED["rates"],
        aid_by_category=AID,
        justified={k: D(v) for k, v in justified.items()},
        already_paid=D(paid),
    )


def test_advance_is_30_percent():
    result = due(ADVANCE, {})
    assert result.aid_due == D("18900.00") and result.payable == D("18900.00")


def test_interim_bounded_by_80_percent_cumulated():
    # 40 % x 100 000 = 40 000 (< 48 000) + 50 % x 30 000 = 15 000 -> due 55 000;
    # cap 80 % x 63 000 = 50 400; minus the advance 18 900 -> 31 500.
    result = due(INTERIM, {"TRAVAUX_LOCAUX": "100000", "ETUDES": "30000"}, paid="18900")
    assert result.aid_due == D("55000.00")
    assert result.payable == D("31500.00")


def test_interim_to_the_cent():
    # 40 % x 12 345.67 = 4 938.268 -> 4 938.26 (down to the cent).
    result = due(INTERIM, {"TRAVAUX_LOCAUX": "12345.67"})
    assert result.aid_due == D("4938.26") and result.payable == D("4938.26")


def test_final_reduced_in_proportion_when_project_costs_less():
    # Travaux cost 100 000 instead of 120 000: 40 000; études 30 000: 15 000 -> 55 000.
    result = due(FINAL, {"TRAVAUX_LOCAUX": "100000", "ETUDES": "30000"}, paid="50400")
    assert result.aid_due == D("55000.00")
    assert result.payable == D("4600.00")
    assert result.over_paid == 0


def test_final_never_above_granted_and_over_payment_reported():
    result = due(FINAL, {"TRAVAUX_LOCAUX": "999999", "ETUDES": "999999"}, paid="0")
    assert result.aid_due == D("63000") and result.payable == D("63000")
    small = due(FINAL, {"ETUDES": "10000"}, paid="18900")
    assert small.aid_due == D("5000.00") and small.payable == 0
    assert small.over_paid == D("13900.00")


@pytest.mark.django_db
def test_payments_from_advance_to_closing(users):
    agent, finance = users["commune_agent"], users["finance_officer"]
    dossier = walk(make_draft(agent), Dossier.State.CONVENTION_SIGNED, users)
    advance = payments.payment_request_create(
        dossier=dossier, kind="advance", justified={}, actor=agent
    )
    with pytest.raises(
        ValidationError, match="déjà en cours de validation"
    ):  # one request at a time
        payments.payment_request_create(
            dossier=dossier, kind="interim", justified={"ETUDES": "1"}, actor=agent
        )
    payments.payment_validate(payment=advance, actor=finance)
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.PAYING and dossier.paid_total == D("18900.00")
    interim = payments.payment_request_create(
        dossier=dossier,
        kind="interim",
        justified={"TRAVAUX_LOCAUX": "100000", "ETUDES": "30000"},
        actor=agent,
    )
    payments.payment_validate(payment=prove(interim, agent), actor=finance)
    final = payments.payment_request_create(
        dossier=dossier,
        kind="final",
        justified={"TRAVAUX_LOCAUX": "100000", "ETUDES": "30000"},
        actor=agent,
    )
    assert final.payable == D("4600.00")
    payments.payment_validate(payment=prove(final, agent), actor=finance)
    dossier.refresh_from_db()
    envelope = Envelope.objects.get(pk=dossier.envelope_id)
    assert dossier.state == Dossier.State.CLOSED
    assert dossier.paid_total == D("55000.00") and dossier.final_amount == D("55000.00")
    # The unused 8 000 € go back to the envelope.
    assert envelope.committed == D("55000.00") and envelope.paid == D("55000.00")


@pytest.mark.django_db
def test_rejected_request_and_database_invariant(users):
    agent, finance = users["commune_agent"], users["finance_officer"]
    dossier = walk(make_draft(agent), Dossier.State.CONVENTION_SIGNED, users)
    request = payments.payment_request_create(
        dossier=dossier, kind="interim", justified={"ETUDES": "1000"}, actor=agent
    )
    with pytest.raises(ValidationError, match="Motivez le rejet"):
        payments.payment_reject(payment=request, actor=finance, reason="")
    payments.payment_reject(payment=request, actor=finance, reason="Facture illisible")
    assert PaymentRequest.objects.get(pk=request.pk).state == "rejected"
    # The database itself refuses payments above the aid granted.
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(paid_total=D("63000.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(paid_total=D("-1"))


@pytest.mark.django_db
def test_caducite_when_works_do_not_start(users):
    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    decided = dossier.decided_on
    assert dossiers_lapse(on=decided + datetime.timedelta(days=700)) == []
    lapsed = dossiers_lapse(on=decided + datetime.timedelta(days=740))
    assert [d.pk for d in lapsed] == [dossier.pk]
    dossier.refresh_from_db()
    envelope = Envelope.objects.get(pk=dossier.envelope_id)
    assert dossier.state == Dossier.State.LAPSED and envelope.committed == 0


@pytest.mark.django_db
def test_started_works_do_not_lapse_before_final_deadline(users):
    from cvv.funding.services.dossiers import dossier_declare_start

    dossier = walk(make_draft(users["commune_agent"]), Dossier.State.GRANTED, users)
    dossier_declare_start(
        dossier=dossier, started_on=dossier.decided_on, actor=users["commune_agent"]
    )
    assert dossiers_lapse(on=dossier.decided_on + datetime.timedelta(days=800)) == []
    assert len(dossiers_lapse(on=dossier.decided_on + datetime.timedelta(days=1470))) == 1


@pytest.mark.django_db
def test_final_below_the_advance_reports_an_over_payment(users):
    agent, finance = users["commune_agent"], users["finance_officer"]
    dossier = walk(make_draft(agent), Dossier.State.PAYING, users)  # advance 18 900 paid
    with pytest.raises(
        ValidationError, match="Rien à verser à ce stade"
    ):  # nothing more to pay on 1 000 € justified
        payments.payment_request_create(
            dossier=dossier, kind="interim", justified={"ETUDES": "1000"}, actor=agent
        )
    final = payments.payment_request_create(
        dossier=dossier, kind="final", justified={"ETUDES": "10000"}, actor=agent
    )
    assert (final.aid_due, final.payable, final.over_paid) == (
        D("5000.00"),
        D("0.00"),
        D("13900.00"),
    )
    payments.payment_validate(payment=prove(final, agent), actor=finance)
    dossier.refresh_from_db()
    envelope = Envelope.objects.get(pk=dossier.envelope_id)
    assert dossier.state == Dossier.State.CLOSED and dossier.final_amount == D("5000.00")
    # The 18 900 € paid stay committed until the trop-perçu is recovered.
    assert envelope.committed == D("18900.00") and envelope.paid == D("18900.00")


def test_split_gives_no_remainder_to_a_category_without_aid():
    from cvv.funding.engine import split

    raw = {"ETUDES": D("100.6"), "NUMERIQUE": D("0"), "TRAVAUX_LOCAUX": D("200.7")}
    # Step 6 as amended 2026-12-03: a_c = 100, 0, 200. A total of 301 >= 300: the parts are
    # the a_c (the former rule gave TRAVAUX_LOCAUX 201, above its own 200.7).
    parts = split(RULES, raw, D("301"))
    assert parts == {"ETUDES": D("100"), "NUMERIQUE": D("0"), "TRAVAUX_LOCAUX": D("200")}
    # A total of 250 < 300: 100 × 250 / 300 = 83.33, 200 × 250 / 300 = 166.67; the missing
    # euro goes to the largest fraction (TRAVAUX_LOCAUX); NUMERIQUE, without aid, keeps 0.
    parts = split(RULES, raw, D("250"))
    assert parts == {"ETUDES": D("83"), "NUMERIQUE": D("0"), "TRAVAUX_LOCAUX": D("167")}
    assert sum(parts.values()) == D("250")
