import pytest

from cvv.fonciere import demo
from cvv.fonciere.models import Lease, Opportunity, Payment, RentCall
from cvv.premises.models import Premises
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_demo_builds_the_chain_through_the_services():
    make_user(role="fonciere_officer", email="fonciere@cvv.demo", partner="Foncière")
    demo.load()
    assert Premises.objects.filter(synthetic=True, fonciere_followed=True).count() == 26
    assert Opportunity.objects.filter(state="renonciation_tacite").exists()
    assert Opportunity.objects.filter(state="recue", deadline__isnull=False).exists()
    assert Lease.objects.filter(state="en_cours", synthetic=True).count() == 10
    assert RentCall.objects.count() > Payment.objects.count() > 0
    demo.load()  # idempotent
    assert Lease.objects.count() == 11


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
