"""Budget envelopes: commitments on grant, release on withdrawal/lapse/final reduction.

Every change locks the envelope row (select_for_update), so two decisions cannot both
consume the same remaining amount; the database constraints reject any overcommitment that
was not authorised by an administrator's written override."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from cvv.audit.services import log_action
from cvv.funding.engine import euros
from cvv.funding.models import Envelope, EnvelopeOverride
from cvv.funding.services.common import money
from cvv.organisations.access import get_access

ZERO = Decimal("0")


@transaction.atomic
def envelope_set(*, edition, year, amount, actor) -> Envelope:
    amount = money(amount, "amount")
    envelope, created = Envelope.objects.select_for_update().get_or_create(
        edition=edition, year=year, defaults={"amount": amount}
    )
    if not created:
        if amount + envelope.overridden < envelope.committed:
            raise ValidationError(
                {"amount": f"Le montant est inférieur à l’engagé ({euros(envelope.committed)})."}
            )
        envelope.amount = amount
        envelope.save(update_fields=["amount"])
    log_action(
        "funding.envelope.set",
        actor=actor,
        obj=envelope,
        data={"edition": edition.pk, "year": year, "amount": amount},
    )
    return envelope


def envelope_for(edition, year, *, lock=False):
    qs = Envelope.objects.filter(edition=edition, year=year)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def envelope_commit(*, envelope, dossier, amount, actor, override_reason=""):
    """Commit `amount` on a locked envelope; beyond the remaining amount only with an
    administrator's written reason. Call inside a transaction."""
    envelope = Envelope.objects.select_for_update().get(pk=envelope.pk)
    room = envelope.amount + envelope.overridden - envelope.committed
    if amount > room:
        excess = amount - room
        if not override_reason.strip():
            raise ValidationError(
                {
                    "amount": f"Enveloppe {envelope.year} insuffisante : reste "
                    f"{euros(max(room, ZERO))}, il manque {euros(excess)}. Seul un "
                    "administrateur peut autoriser le dépassement, avec un motif écrit."
                }
            )
        if not get_access(actor).is_admin:
            raise ValidationError(
                {"override_reason": "Seul un administrateur peut autoriser un dépassement."}
            )
        EnvelopeOverride.objects.create(
            envelope=envelope, dossier=dossier, amount=excess, reason=override_reason, actor=actor
        )
        envelope.overridden += excess
        log_action(
            "funding.envelope.overridden",
            actor=actor,
            obj=envelope,
            data={"dossier": dossier.reference, "excess": excess, "reason": override_reason},
        )
    envelope.committed += amount
    envelope.save(update_fields=["committed", "overridden"])
    return envelope


def envelope_release(*, dossier, amount, actor):
    if not dossier.envelope_id or not amount:
        return
    Envelope.objects.select_for_update().filter(pk=dossier.envelope_id).update(
        committed=F("committed") - amount
    )
    log_action(
        "funding.envelope.released",
        actor=actor,
        obj=dossier,
        data={"envelope": dossier.envelope_id, "amount": amount},
    )


def envelope_pay(*, dossier, amount):
    if dossier.envelope_id and amount:
        Envelope.objects.select_for_update().filter(pk=dossier.envelope_id).update(
            paid=F("paid") + amount
        )
