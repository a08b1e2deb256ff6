"""Caducité: an aid lapses when works have not started within the délai de commencement, or
when the final payment was not requested within the délai de solde (both from the decision).
Run daily (`cvv fimacs lapse`, and the huey periodic task in cvv/funding/tasks.py)."""

from django.db import transaction
from django.utils import timezone

from cvv.core.workflows import SYSTEM
from cvv.funding.models import Dossier, PaymentRequest
from cvv.funding.notifications import notify_commune
from cvv.funding.rules import rules_of
from cvv.funding.services.budget import envelope_release
from cvv.funding.services.common import add_months
from cvv.funding.workflows import DOSSIER


def deadlines(rules, decided_on):
    """(start of works, final payment request) deadlines of an aid decided on `decided_on`;
    the convention states them, the daily lapse check enforces them."""
    return (
        add_months(decided_on, int(rules.value("start_months"))),
        add_months(decided_on, int(rules.value("final_months"))),
    )


def lapse_reason(dossier, on):
    if dossier.decided_on is None:
        return ""
    start_limit, final_limit = deadlines(rules_of(dossier.reglement), dossier.decided_on)
    if dossier.works_started_on is None and dossier.paid_total == 0 and on > start_limit:
        return f"Travaux non commencés au {start_limit:%d/%m/%Y} (délai de commencement)."
    final_asked = dossier.payments.filter(kind=PaymentRequest.Kind.FINAL).exclude(
        state=PaymentRequest.State.REJECTED
    )
    if on > final_limit and not final_asked.exists():
        return f"Solde non demandé au {final_limit:%d/%m/%Y} (délai de solde)."
    return ""


def dossiers_lapse(*, on=None, actor=SYSTEM):
    on = on or timezone.localdate()
    lapsed = []
    candidates = (
        Dossier.objects.filter(
            state__in=(Dossier.State.GRANTED, Dossier.State.CONVENTION_SIGNED, Dossier.State.PAYING)
        )
        .select_related("reglement")
        .prefetch_related("reglement__parameters", "reglement__categories")
    )
    for dossier in candidates:
        reason = lapse_reason(dossier, on)
        if not reason:
            continue
        locked = dossier_lapse(dossier=dossier, reason=reason, actor=actor)
        if locked is None:
            continue
        lapsed.append(locked)
    return lapsed


@transaction.atomic
def dossier_lapse(*, dossier, reason, actor=SYSTEM):
    """Record the caducité of one aid: what was paid becomes the definitive aid and the rest
    of the commitment goes back to the envelope. None if the dossier can no longer lapse.
    Only the platform records it (`actor=SYSTEM`: the daily task, `cvv fimacs lapse`)."""
    DOSSIER.check(dossier, "lapse", actor)
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.state not in DOSSIER.get("lapse").source:
        return None
    locked.final_amount = locked.paid_total
    DOSSIER.apply(locked, "lapse", actor=actor, reason=reason, extra_update_fields=["final_amount"])
    envelope_release(
        dossier=locked,
        amount=locked.granted_amount - locked.paid_total,
        actor=None if actor is SYSTEM else actor,
    )
    notify_commune(locked, "lapse", reason)
    return locked
