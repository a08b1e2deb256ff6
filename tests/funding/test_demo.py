"""The FIMACS demo loader: every state, two sessions, payments, idempotent."""

import io

import pytest

from cvv.funding import demo
from cvv.funding.models import CommitteeSession, Dossier, Envelope, PaymentRequest


@pytest.mark.django_db
def test_demo_covers_every_state_and_is_idempotent():
    from cvv.organisations import demo as organisations_demo
    from cvv.programme import demo as programme_demo

    organisations_demo.load(stdout=io.StringIO())
    programme_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    states = set(Dossier.objects.values_list("state", flat=True))
    assert states == set(Dossier.State.values)
    assert 55 <= Dossier.objects.count() <= 65
    assert CommitteeSession.objects.count() == 2
    assert PaymentRequest.objects.filter(state="validated").exists()
    assert PaymentRequest.objects.filter(state="submitted").exists()
    assert Dossier.objects.filter(commune__code="93005").exists()
    envelope = Envelope.objects.get(year=2026)
    granted = sum(
        (d.final_amount if d.final_amount is not None else d.granted_amount)
        for d in Dossier.objects.filter(state__in=[*Dossier.COMMITTED_STATES, "lapsed"])
    )
    assert envelope.committed == granted
    count = Dossier.objects.count()
    demo.load(stdout=io.StringIO())
    assert Dossier.objects.count() == count
