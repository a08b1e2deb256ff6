"""Writes of the foncière: keyword-only, atomic, audited; state changes through the
workflows (guards checked there, so a task or the API cannot bypass them)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from cvv.audit.services import log_action
from cvv.core.sequences import next_reference
from cvv.core.workflows import SYSTEM
from cvv.fonciere import deadlines, indexation, rent_schedule, selectors
from cvv.fonciere.enums import Frequency, LeaseKind, OpportunitySource
from cvv.fonciere.models import Acquisition, Lease, Opportunity, Payment, RentCall
from cvv.fonciere.workflows import LEASE_WORKFLOW, OPPORTUNITY_WORKFLOW
from cvv.premises.enums import OwnerKind, PremisesStatus
from cvv.premises.models import Premises
from cvv.premises.vacancy import add_months

DECLARATIONS = {OpportunitySource.DIA_COMMERCE, OpportunitySource.DIA_DPU}
CENT = Decimal("0.01")


def _deadline(opportunity):
    if opportunity.source == OpportunitySource.DIA_COMMERCE:
        return deadlines.dia_commerce(opportunity.received_on), deadlines.ARTICLES["dia_commerce"]
    if opportunity.source == OpportunitySource.DIA_DPU:
        try:
            return (
                deadlines.dia_dpu(
                    opportunity.received_on, opportunity.suspended_on, opportunity.resumed_on
                ),
                deadlines.ARTICLES["dia_dpu"],
            )
        except deadlines.DeadlineError as exc:
            raise ValidationError({exc.field: str(exc)}) from None
    return None, ""


def _check_manager(actor):
    if actor is not SYSTEM and not selectors.is_manager(actor):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Réservé à la foncière et aux services de la Métropole.")


@transaction.atomic
def opportunity_create(
    *, actor, premises, source, received_on, price=None, right_holder="", delegation="",
    business_transferred=False, lease_transferred=False, note="", synthetic=False,
) -> Opportunity:  # fmt: skip
    _check_manager(actor)
    if price is not None and price < 0:
        raise ValidationError({"price": "Le prix ne peut pas être négatif."})
    opportunity = Opportunity(
        premises=premises, commune=premises.commune, source=source, received_on=received_on,
        price=price, right_holder=right_holder, delegation=delegation,
        business_transferred=business_transferred, lease_transferred=lease_transferred,
        note=note, synthetic=synthetic, created_by=actor,
    )  # fmt: skip
    opportunity.deadline, opportunity.deadline_article = _deadline(opportunity)
    from cvv.fonciere.services_chain import apply_records  # the commune's records

    apply_records(opportunity)
    opportunity.full_clean(exclude=["created_by"])
    opportunity.save()
    Premises.objects.filter(pk=premises.pk).update(fonciere_followed=True)
    log_action("fonciere.opportunity.create", actor=actor, obj=opportunity)
    return opportunity


def opportunity_suspend(*, actor, opportunity, on) -> Opportunity:
    """A single request for documents or a visit suspends a DPU declaration's period (R213-7)."""
    OPPORTUNITY_WORKFLOW.check(opportunity, "suspend", actor)
    if opportunity.source != OpportunitySource.DIA_DPU:
        raise ValidationError("Seule une DIA au titre du DPU peut être suspendue (art. R213-7).")
    if opportunity.suspended_on is not None:
        raise ValidationError("Le délai ne peut être suspendu qu’une fois (demande unique).")
    if not opportunity.received_on <= on <= opportunity.deadline:
        raise ValidationError({"on": "La suspension doit intervenir pendant le délai de 2 mois."})
    opportunity.suspended_on = on
    return OPPORTUNITY_WORKFLOW.apply(
        opportunity, "suspend", actor=actor, data={"on": on.isoformat()},
        extra_update_fields=["suspended_on"],
    )  # fmt: skip


def opportunity_resume(*, actor, opportunity, on) -> Opportunity:
    OPPORTUNITY_WORKFLOW.check(opportunity, "resume", actor)
    opportunity.resumed_on = on
    opportunity.deadline, opportunity.deadline_article = _deadline(opportunity)
    return OPPORTUNITY_WORKFLOW.apply(
        opportunity, "resume", actor=actor, data={"on": on.isoformat()},
        extra_update_fields=["resumed_on", "deadline", "deadline_article"],
    )  # fmt: skip


def opportunity_decide(*, actor, opportunity, preempt, on, reason="") -> Opportunity:
    """Pre-empt (or buy) or renounce; a declaration's decision must come by its deadline."""
    OPPORTUNITY_WORKFLOW.check(opportunity, "preempt" if preempt else "renounce", actor)
    if opportunity.deadline and on > opportunity.deadline:
        raise ValidationError(
            {"on": f"Le délai expirait le {opportunity.deadline:%d/%m/%Y} "
                   f"({opportunity.deadline_article}) : le silence vaut renonciation."}
        )  # fmt: skip
    opportunity.decided_on = on
    return OPPORTUNITY_WORKFLOW.apply(
        opportunity, "preempt" if preempt else "renounce", actor=actor, reason=reason,
        extra_update_fields=["decided_on"],
    )  # fmt: skip


def lapse_overdue(*, today=None) -> int:
    """Declarations whose deadline passed without a decision: tacit renunciation (the
    platform acts). Returns how many were marked."""
    today = today or dt.date.today()
    overdue = Opportunity.objects.filter(
        state__in=["recue", "suspendue", "etude"],
        source__in=DECLARATIONS,
        deadline__lt=today,
        suspended_on__isnull=True,
    ) | Opportunity.objects.filter(
        state__in=["recue", "etude"], source__in=DECLARATIONS, deadline__lt=today,
        suspended_on__isnull=False, resumed_on__isnull=False,
    )  # fmt: skip
    count = 0
    for opportunity in overdue:
        OPPORTUNITY_WORKFLOW.apply(opportunity, "lapse", actor=SYSTEM)
        count += 1
    return count


@transaction.atomic
def acquisition_record(
    *, actor, opportunity, deed_on, price, costs=Decimal("0"), location_gerance=False
) -> Acquisition:
    if price < 0 or costs < 0:
        raise ValidationError("Le prix et les frais ne peuvent pas être négatifs.")
    preempted = opportunity.source in DECLARATIONS
    acquisition = Acquisition.objects.create(
        opportunity=opportunity, premises=opportunity.premises, commune=opportunity.commune,
        deed_on=deed_on, price=price, costs=costs, preempted=preempted,
        location_gerance=location_gerance, synthetic=opportunity.synthetic,
        retrocession_deadline=(
            deadlines.retrocession(deed_on, location_gerance) if preempted else None
        ),
    )  # fmt: skip
    OPPORTUNITY_WORKFLOW.apply(opportunity, "acquire", actor=actor)
    Premises.objects.filter(pk=opportunity.premises_id).update(
        owner_kind=OwnerKind.FONCIERE, owner_name="Foncière Centres-Villes Vivants"
    )
    log_action("fonciere.acquisition.create", actor=actor, obj=acquisition)
    return acquisition


@transaction.atomic
def lease_create(
    *, actor, premises, kind, tenant_name, start, rent, reference_quarter, years=9, end=None,
    tenant_sme=True, frequency=Frequency.QUARTERLY, index="ILC",
    charges_provision=Decimal("0"), deposit=Decimal("0"), tenant_email="", synthetic=False,
    payable_in_advance=True, entry_fee=Decimal("0"), guarantees="", charges_inventory="",
) -> Lease:  # fmt: skip
    _check_manager(actor)
    if rent < 0:
        raise ValidationError({"rent": "Le loyer ne peut pas être négatif."})
    if entry_fee < 0:
        raise ValidationError({"entry_fee": "Le droit d’entrée ne peut pas être négatif."})
    try:
        indexation.parse_quarter(reference_quarter)
        if kind == LeaseKind.COMMERCIAL:
            end = deadlines.bail_commercial(start, years)["term"]
        elif end is None:
            raise ValidationError({"end": "Indiquez le terme du bail."})
        elif kind in (LeaseKind.DEROGATORY, LeaseKind.SHOP_TRIAL):
            deadlines.bail_derogatoire(start, end)
    except (deadlines.DeadlineError, indexation.IndexationError) as exc:
        raise ValidationError({exc.field if exc.field != "years" else "end": str(exc)}) from None
    lease = Lease(
        reference=next_reference(prefix="B", year=start.year, existing=Lease.objects),
        premises=premises, commune=premises.commune, kind=kind, tenant_name=tenant_name,
        tenant_sme=tenant_sme, start=start, end=end, rent=rent, frequency=frequency,
        index=index, reference_quarter=reference_quarter, charges_provision=charges_provision,
        deposit=deposit, tenant_email=tenant_email.strip(), synthetic=synthetic,
        payable_in_advance=payable_in_advance, entry_fee=entry_fee,
        guarantees=guarantees.strip(), charges_inventory=charges_inventory.strip(),
    )  # fmt: skip
    lease.full_clean()
    lease.save()
    Premises.objects.filter(pk=premises.pk).update(fonciere_followed=True)
    log_action("fonciere.lease.create", actor=actor, obj=lease)
    return lease


@transaction.atomic
def lease_contact_set(*, actor, lease, tenant_email) -> Lease:
    """Record (or clear) the tenant's contact address, where the reminders are e-mailed.
    The audit keeps whether one is recorded, not the address."""
    _check_manager(actor)
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    lease.tenant_email = tenant_email.strip()
    lease.full_clean(validate_unique=False, validate_constraints=False)
    lease.save(update_fields=["tenant_email"])
    log_action(
        "fonciere.lease.contact",
        actor=actor,
        obj=lease,
        data={"recorded": bool(lease.tenant_email)},
    )
    return lease


@transaction.atomic
def lease_sign(*, actor, lease) -> Lease:
    lease = LEASE_WORKFLOW.apply(lease, "sign", actor=actor)
    from cvv.premises.services import premises_set_status

    premises = Premises.objects.get(pk=lease.premises_id)
    # The foncière lets the premises: it follows it (its officers see and edit it).
    Premises.objects.filter(pk=premises.pk).update(
        occupant_name=lease.tenant_name, fonciere_followed=True
    )
    if premises.status != PremisesStatus.OCCUPIED and lease.start <= dt.date.today():
        premises_set_status(
            actor=actor, premises=premises, status=PremisesStatus.OCCUPIED, on=lease.start,
            note=f"Bail n° {lease.reference}", source="fonciere",
        )  # fmt: skip
    return lease


def annual_rent_on(lease, day, values=None, *, partial=False, rent_settings=None):
    """The indexation result of the lease on `day` (engine `cvv.fonciere.indexation`), from
    the last rent fixed on or before `day` (a revision or renewal recorded as a
    `RentSetting`), else from the lease's initial rent. `rent_settings`: the lease's
    settings already read (a caller computing many terms reads them once)."""
    if rent_settings is None:
        base = lease.rent_settings.filter(effective_on__lte=day).order_by("-effective_on").first()
    else:
        earlier = [s for s in rent_settings if s.effective_on <= day]
        base = max(earlier, key=lambda s: s.effective_on) if earlier else None
    rent, start, quarter = (
        (base.annual_rent, base.effective_on, base.reference_quarter)
        if base is not None
        else (lease.rent, lease.start, lease.reference_quarter)
    )
    return indexation.index_rent(
        partial=partial,
        index=lease.index, rent=rent, start=start,
        reference_quarter=indexation.parse_quarter(quarter), on=day,
        sme=lease.tenant_sme and lease.kind == LeaseKind.COMMERCIAL,
        values=values if values is not None else selectors.index_values(),
    )  # fmt: skip


@transaction.atomic
def rent_calls_generate(*, actor, lease, until) -> list:
    """Rent calls of every term starting on or before `until` (terms of 1 or 3 months from
    the lease's start, payable in advance), at the indexed rent of the term's first day.
    Existing calls are kept. A missing index value stops with its quarter named."""
    _check_manager(actor)
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    if lease.state != "en_cours":
        raise ValidationError("Les appels de loyer ne concernent que les baux en cours.")
    months = 1 if lease.frequency == Frequency.MONTHLY else 3
    values = selectors.index_values()
    adjustments = rent_schedule_of(lease)
    rent_settings = list(lease.rent_settings.all())
    existing = set(lease.calls.filter(kind="terme").values_list("period_start", flat=True))
    created, k = [], 0
    while (period_start := add_months(lease.start, months * k)) <= min(until, lease.end):
        period_end = min(add_months(lease.start, months * (k + 1)) - dt.timedelta(1), lease.end)
        k += 1
        if period_start in existing:
            continue
        try:
            annual = annual_rent_on(lease, period_start, values, rent_settings=rent_settings).rent
        except indexation.IndexationError as exc:
            raise ValidationError(f"Indexation impossible : {exc}.") from None
        term = rent_schedule.term_rent(
            period_start=period_start, period_end=period_end, months=months,
            annual_rent=annual, adjustments=adjustments,
        )  # fmt: skip
        created.append(
            RentCall.objects.create(
                lease=lease,
                period_start=period_start,
                period_end=period_end,
                # Terme à échoir: due on the period's first day; à terme échu: on its last.
                due_on=period_start if lease.payable_in_advance else period_end,
                annual_rent=annual,
                rent=term.rent,
                charges=lease.charges_provision,
                explanation=term.explanation(),
            )  # fmt: skip
        )
    if created:
        log_action(
            "fonciere.rent_call.create", actor=actor, obj=lease, data={"count": len(created)}
        )
        _bill_regularisations(actor, lease, created[0])
    return created


def _bill_regularisations(actor, lease, call):
    """Bill the lease's regularisations still owed by the tenant (`RentRegularisation`,
    amount positive, not settled) as a separate line of `call`, and mark them settled so
    that no later call bills them again (the lease's row is locked by the caller)."""
    from django.utils import timezone

    from cvv.fonciere.collection import regularisation_label
    from cvv.fonciere.models import RentRegularisation

    pending = list(
        RentRegularisation.objects.select_for_update()
        .select_related("setting")
        .filter(setting__lease=lease, amount__gt=0, settled_at__isnull=True)
        .order_by("setting__effective_on")
    )
    if not pending:
        return
    call.regularisation = sum((r.amount for r in pending), Decimal("0"))
    call.regularisation_label = " ; ".join(
        regularisation_label(r.setting, len(r.lines)) for r in pending
    )[:300]
    call.save(update_fields=["regularisation", "regularisation_label"])
    RentRegularisation.objects.filter(pk__in=[r.pk for r in pending]).update(
        billed_on=call, settled_at=timezone.now()
    )
    log_action(
        "fonciere.rent_regularisation.bill", actor=actor, obj=lease,
        data={"amount": str(call.regularisation), "call": call.reference},
    )  # fmt: skip


def rent_schedule_of(lease):
    """The lease's franchises and steps as the engine's `Adjustment`s."""
    return [
        rent_schedule.Adjustment(a.kind, a.start, a.end, a.annual_rent)
        for a in lease.adjustments.all()
    ]


@transaction.atomic
def payment_record(*, actor, rent_call, paid_on, amount, source="manuel") -> Payment:
    """A payment of a call, never above what remains due (an excess is recorded as the
    tenant's credit by `collection.payment_with_credit`)."""
    _check_manager(actor)
    call = (
        RentCall.objects.select_for_update().select_related("lease__commune").get(pk=rent_call.pk)
    )
    if amount <= 0:
        raise ValidationError({"amount": "Le montant doit être positif."})
    paid = sum((p.amount for p in call.payments.all()), Decimal("0"))
    if amount > call.total - paid:
        raise ValidationError(
            {"amount": f"Le montant dépasse le reste dû ({call.total - paid} €)."}
        )
    payment = Payment.objects.create(
        rent_call=call, paid_on=paid_on, amount=amount, source=source, created_by=actor
    )
    log_action("fonciere.payment.create", actor=actor, obj=call.lease, data={"amount": amount})
    return payment
