import datetime as dt

import pytest
from django.db.models import Count

from cvv.fonciere import demo, selectors_portfolio
from cvv.fonciere.models import Lease, Opportunity, Payment, PortfolioTarget, RentCall, Sale
from cvv.premises.models import Premises
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_demo_builds_the_chain_through_the_services_at_the_issue_sizes():
    """Issue 11, "Contracts I will check from outside": the demo's sizes."""
    make_user(role="fonciere_officer", email="fonciere@cvv.demo", partner="Foncière")
    demo.load()
    premises = Premises.objects.filter(synthetic=True, fonciere_followed=True)
    assert 58 <= premises.count() <= 64
    assert premises.values("commune").distinct().count() >= 12
    assert set(premises.values_list("status", flat=True)) == {"vacant", "occupe", "travaux"}
    kinds = dict(Lease.objects.filter(synthetic=True).values_list("kind").annotate(n=Count("pk")))
    assert kinds["derogatoire"] == kinds["precaire"] == kinds["boutique_essai"] == 20
    assert 20 <= kinds["commercial"] <= 22  # and the two of the collection demo
    # Indexation histories since 2019: calls of 2019 and indexed rents above the initial one.
    assert RentCall.objects.filter(lease__synthetic=True, period_start__year=2019).exists()
    indexed = RentCall.objects.filter(lease__kind="commercial", period_start__year=2024)
    assert any(c.annual_rent > c.lease.rent for c in indexed.select_related("lease"))
    assert Payment.objects.count() < RentCall.objects.count()  # some arrears
    live = Opportunity.objects.filter(synthetic=True).exclude(state="acquise")
    assert 15 <= live.count() <= 16  # the committee's decision may add none
    assert live.filter(state="renonciation_tacite").count() == 1
    today = dt.date.today()
    near = live.filter(state="recue", deadline__gte=today, deadline__lte=today + dt.timedelta(7))
    assert near.count() >= 2
    assert {"recue", "suspendue", "etude", "renoncee", "renonciation_tacite"} <= set(
        live.values_list("state", flat=True)
    )
    assert Sale.objects.filter(state="vendue").count() == 2
    # A board decision on the targets, labelled as demonstration, applies instead of the
    # platform's defaults.
    (target,) = PortfolioTarget.objects.all()
    assert "(démonstration)" in target.reference and target.set_by.email == "fonciere@cvv.demo"
    assert selectors_portfolio.current_targets()["premises"] == 150
    counts = (Premises.objects.count(), Lease.objects.count(), RentCall.objects.count())
    demo.load()  # idempotent
    assert (Premises.objects.count(), Lease.objects.count(), RentCall.objects.count()) == counts
    assert PortfolioTarget.objects.count() == 1


def test_demo_collection_through_the_services():
    from cvv.fonciere.models import (
        BankLine,
        ChargesStatement,
        DepositReturn,
        LeaseAdjustment,
        RentReminder,
    )

    make_user(role="fonciere_officer", email="fonciere@cvv.demo", partner="Foncière")
    demo.load()
    assert LeaseAdjustment.objects.count() == 4
    assert RentCall.objects.exclude(explanation="").exists()
    assert ChargesStatement.objects.count() == 4 and RentReminder.objects.count() == 4
    assert BankLine.objects.filter(state="confirmee").count() == 2
    assert DepositReturn.objects.get().lease.state == "termine"
