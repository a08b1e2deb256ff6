"""Payment requests and their validation by a finance officer (the payment rule to the cent).

Validation locks the dossier row, recomputes the amount payable from what was really paid,
adds it to `paid_total` (the database refuses a total above the aid granted) and to the
envelope's paid amount. A final payment fixes the definitive aid (reduced in proportion when
the project cost less), releases the unused commitment and closes the dossier."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.funding.engine import payment_due
from cvv.funding.models import Dossier, PaymentRequest
from cvv.funding.notifications import notify_commune
from cvv.funding.rules import rules_of
from cvv.funding.services.budget import envelope_pay, envelope_release
from cvv.funding.services.common import money
from cvv.funding.services.pieces import payment_missing_pieces
from cvv.funding.workflows import DOSSIER, PAYMENT

PAYABLE_STATES = (Dossier.State.CONVENTION_SIGNED, Dossier.State.PAYING)
K = PaymentRequest.Kind


def _compute(dossier, kind, justified):
    return payment_due(
        rules_of(dossier.reglement),
        kind=kind,
        granted=dossier.granted_amount,
        rates={c: Decimal(r) for c, r in dossier.granted_rates.items()},
        aid_by_category={c: Decimal(a) for c, a in dossier.granted_by_category.items()},
        justified=justified,
        already_paid=dossier.paid_total,
    )


def parse_justified(dossier, justified):
    parsed = {}
    for code, value in (justified or {}).items():
        if value in (None, ""):
            continue
        if code not in dossier.granted_by_category:
            raise ValidationError({"justified": f"Catégorie sans aide accordée : {code}."})
        parsed[code] = money(value, "justified")
    return parsed


@transaction.atomic
def payment_request_create(*, dossier, kind, justified, actor) -> PaymentRequest:
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.state not in PAYABLE_STATES:
        raise ValidationError("Les versements se demandent après la signature de la convention.")
    if kind not in K.values:
        raise ValidationError({"kind": "Nature de versement inconnue."})
    existing = dossier.payments.exclude(state=PaymentRequest.State.REJECTED)
    if existing.filter(state=PaymentRequest.State.SUBMITTED).exists():
        raise ValidationError("Une demande de versement est déjà en cours de validation.")
    if kind == K.ADVANCE and existing.exists():
        raise ValidationError({"kind": "L’avance se demande en premier, une seule fois."})
    if existing.filter(kind=K.FINAL).exists():
        raise ValidationError({"kind": "Le solde a déjà été demandé."})
    justified = {} if kind == K.ADVANCE else parse_justified(dossier, justified)
    if kind != K.ADVANCE and not justified:
        raise ValidationError({"justified": "Indiquez les dépenses justifiées (HT)."})
    computation = _compute(dossier, kind, justified)
    if kind != K.FINAL and computation.payable <= 0:
        raise ValidationError(
            "Rien à verser à ce stade : l’aide due est déjà versée ou le plafond des acomptes "
            "est atteint."
        )
    payment = PaymentRequest.objects.create(
        dossier=dossier,
        kind=kind,
        justified={c: str(v) for c, v in justified.items()},
        justified_total=sum(justified.values(), Decimal("0")),
        aid_due=computation.aid_due,
        payable=computation.payable,
        over_paid=computation.over_paid,
        explanation=computation.explanation,
        requested_by=actor,
    )
    log_action(
        "funding.payment.requested",
        actor=actor,
        obj=dossier,
        data={"payment": payment.pk, "kind": kind, "payable": computation.payable},
    )
    return payment


def payment_preview(payment):
    """What validating the request would pay now (recomputed from what is paid today)."""
    justified = {c: Decimal(v) for c, v in payment.justified.items()}
    return _compute(payment.dossier, payment.kind, justified)


@transaction.atomic
def payment_validate(*, payment, actor) -> PaymentRequest:
    PAYMENT.check(payment, "validate", actor)
    payment = PaymentRequest.objects.select_for_update().get(pk=payment.pk)
    dossier = Dossier.objects.select_for_update().get(pk=payment.dossier_id)
    if payment.state != PaymentRequest.State.SUBMITTED:
        raise ValidationError("Cette demande a déjà été traitée.")
    if dossier.state not in PAYABLE_STATES:
        raise ValidationError("Le dossier n’est plus en phase de versement.")
    missing = payment_missing_pieces(payment)
    if missing:
        raise ValidationError(["Justificatifs incomplets :", *missing])
    justified = {c: Decimal(v) for c, v in payment.justified.items()}
    computation = _compute(dossier, payment.kind, justified)  # from what is paid now
    payment.aid_due, payment.payable = computation.aid_due, computation.payable
    payment.over_paid, payment.explanation = computation.over_paid, computation.explanation
    payment.decided_by, payment.decided_at = actor, timezone.now()
    PAYMENT.apply(
        payment,
        "validate",
        actor=actor,
        data={"payable": computation.payable},
        extra_update_fields=[
            "aid_due",
            "payable",
            "over_paid",
            "explanation",
            "decided_by",
            "decided_at",
        ],
    )
    dossier.paid_total += computation.payable
    dossier.save(update_fields=["paid_total", "updated_at"])
    envelope_pay(dossier=dossier, amount=computation.payable)
    log_action(
        "funding.payment.validated",
        actor=actor,
        obj=dossier,
        data={"payment": payment.pk, "kind": payment.kind, "paid": computation.payable},
    )
    if dossier.state == Dossier.State.CONVENTION_SIGNED:
        DOSSIER.apply(dossier, "start_payments", actor=actor, data={"payment": payment.pk})
    if payment.kind == K.FINAL:
        dossier.final_amount = computation.aid_due
        # What was paid above the definitive aid (a trop-perçu to recover) stays committed.
        unused = dossier.granted_amount - max(computation.aid_due, dossier.paid_total)
        DOSSIER.apply(
            dossier,
            "close",
            actor=actor,
            data={"final_amount": computation.aid_due, "over_paid": computation.over_paid},
            extra_update_fields=["final_amount"],
        )
        envelope_release(dossier=dossier, amount=unused, actor=actor)
    notify_commune(
        dossier, "payment_validated", f"{payment.get_kind_display()} : {payment.payable} €."
    )
    return payment


@transaction.atomic
def payment_reject(*, payment, actor, reason) -> PaymentRequest:
    PAYMENT.check(payment, "reject", actor)
    payment = PaymentRequest.objects.select_for_update().get(pk=payment.pk)
    if payment.state != PaymentRequest.State.SUBMITTED:
        raise ValidationError("Cette demande a déjà été traitée.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Motivez le rejet."})
    payment.rejection_reason = reason.strip()
    payment.decided_by, payment.decided_at = actor, timezone.now()
    PAYMENT.apply(
        payment,
        "reject",
        actor=actor,
        reason=reason,
        extra_update_fields=["rejection_reason", "decided_by", "decided_at"],
    )
    log_action(
        "funding.payment.rejected",
        actor=actor,
        obj=payment.dossier,
        data={"payment": payment.pk, "reason": reason},
    )
    notify_commune(payment.dossier, "payment_rejected", reason)
    return payment
