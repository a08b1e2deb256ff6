"""Writes of the rent collection: franchises and steps, reminders, credits, payments with an
excess kept as credit, the annual charges statement with its regularisation, the deposit
returned at exit. Keyword-only, atomic, audited; reserved to the foncière and the
Métropole's staff (`services._check_manager`)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from cvv.audit.services import log_action
from cvv.fonciere import deadlines, rent_schedule, services
from cvv.fonciere.enums import CallKind, CreditOrigin, LeaseState, PaymentSource
from cvv.fonciere.models import (
    ChargesStatement,
    DepositReturn,
    Lease,
    LeaseAdjustment,
    RentCall,
    RentReminder,
    TenantCredit,
)

ZERO = Decimal("0")
REMINDER_LEVELS = {1: "Première relance", 2: "Seconde relance", 3: "Mise en demeure"}


def remaining_due(call) -> Decimal:
    paid = call.payments.aggregate(total=Sum("amount"))["total"] or ZERO
    return call.total - paid


@transaction.atomic
def adjustment_add(*, actor, lease, kind, start, end, annual_rent=None) -> LeaseAdjustment:
    """A franchise or a step of the lease; refused when it overlaps another, leaves the
    lease, or touches a term already called (the calls already issued would not change)."""
    services._check_manager(actor)
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    if kind == rent_schedule.FRANCHISE:
        annual_rent = None
    new = rent_schedule.Adjustment(kind, start, end, annual_rent)
    try:
        rent_schedule.validate(
            [*services.rent_schedule_of(lease), new], lease_start=lease.start, lease_end=lease.end
        )
    except rent_schedule.ScheduleError as exc:
        raise ValidationError({exc.field: str(exc)}) from None
    if lease.calls.filter(kind=CallKind.TERM, period_start__lte=end, period_end__gte=start):
        raise ValidationError(
            {"start": "Des appels sont déjà émis pour cette période : ils ne changeraient pas."}
        )
    adjustment = LeaseAdjustment.objects.create(
        lease=lease, kind=kind, start=start, end=end, annual_rent=annual_rent
    )
    log_action(
        "fonciere.adjustment.create", actor=actor, obj=lease,
        data={"kind": kind, "start": start.isoformat(), "end": end.isoformat(),
              "annual_rent": str(annual_rent) if annual_rent is not None else None},
    )  # fmt: skip
    return adjustment


@transaction.atomic
def reminder_send(*, actor, rent_call, on) -> RentReminder:
    """The next reminder of an unpaid call past due: first, second, then formal notice;
    e-mailed with its letter to the tenant's contact address when the lease has one."""
    services._check_manager(actor)
    call = RentCall.objects.select_for_update().get(pk=rent_call.pk)
    due = remaining_due(call)
    if due <= 0:
        raise ValidationError("Cet appel est soldé : pas de relance.")
    if on <= call.due_on:
        raise ValidationError({"on": "Une relance suit l’échéance de l’appel."})
    level = call.reminders.count() + 1
    if level > 3:
        raise ValidationError("La mise en demeure est déjà envoyée : saisissez le contentieux.")
    emailed = bool(call.lease.tenant_email)
    reminder = RentReminder.objects.create(
        rent_call=call, level=level, sent_on=on, amount_due=due, created_by=actor,
        emailed=emailed,
    )  # fmt: skip
    log_action("fonciere.reminder.create", actor=actor, obj=call.lease,
               data={"call": call.pk, "level": level, "amount_due": str(due),
                     "emailed": emailed})  # fmt: skip
    if emailed:
        from cvv.fonciere.tasks import send_reminder_email

        transaction.on_commit(lambda: send_reminder_email(reminder.pk))
    return reminder


def _credit(*, lease, on, origin, amount, label) -> TenantCredit:
    return TenantCredit.objects.create(
        lease=lease, on=on, origin=origin, amount=amount, remaining=amount, label=label
    )


@transaction.atomic
def payment_with_credit(*, actor, rent_call, paid_on, amount, source=PaymentSource.MANUAL):
    """A payment received for a call: up to what remains due on the call, the excess kept as
    the tenant's credit (never a payment above what is due). Returns (payment, credit),
    either None."""
    services._check_manager(actor)
    if amount <= 0:
        raise ValidationError({"amount": "Le montant doit être positif."})
    call = RentCall.objects.select_for_update().select_related("lease").get(pk=rent_call.pk)
    due = remaining_due(call)
    payment = credit = None
    if due > 0:
        payment = services.payment_record(
            actor=actor, rent_call=call, paid_on=paid_on, amount=min(amount, due), source=source
        )
    if amount > due:
        excess = amount - max(due, ZERO)
        credit = _credit(
            lease=call.lease, on=paid_on, origin=CreditOrigin.OVERPAYMENT, amount=excess,
            label=f"Trop-perçu sur l’appel du {call.period_start:%d/%m/%Y}",
        )  # fmt: skip
        log_action("fonciere.credit.create", actor=actor, obj=call.lease,
                   data={"amount": str(excess), "origin": CreditOrigin.OVERPAYMENT})  # fmt: skip
    return payment, credit


@transaction.atomic
def credit_apply(*, actor, credit, rent_call, on):
    """Apply a credit's remainder to an unpaid call of the same lease."""
    services._check_manager(actor)
    credit = TenantCredit.objects.select_for_update().get(pk=credit.pk)
    call = RentCall.objects.select_for_update().get(pk=rent_call.pk)
    if call.lease_id != credit.lease_id:
        raise ValidationError("L’avoir et l’appel concernent des baux différents.")
    amount = min(credit.remaining, remaining_due(call))
    if amount <= 0:
        raise ValidationError("Rien à imputer : avoir épuisé ou appel soldé.")
    payment = services.payment_record(
        actor=actor, rent_call=call, paid_on=on, amount=amount, source=PaymentSource.CREDIT
    )
    credit.remaining -= amount
    credit.save(update_fields=["remaining"])
    log_action("fonciere.credit.apply", actor=actor, obj=call.lease,
               data={"credit": credit.pk, "call": call.pk, "amount": str(amount)})  # fmt: skip
    return payment


def provisions_called(lease, year) -> Decimal:
    """The charges provisions of the terms of `year` (terms starting in that year)."""
    return (
        lease.calls.filter(kind=CallKind.TERM, period_start__year=year).aggregate(
            total=Sum("charges")
        )["total"]
        or ZERO
    )


@transaction.atomic
def charges_statement_record(
    *, actor, lease, year, actual_charges, sent_on, detail=""
) -> ChargesStatement:
    """The annual statement of the charges of `year`, due before 30 September of year + 1
    (L145-40-2, R145-36 C. com.): actual charges minus provisions called; a balance owed by
    the tenant becomes a regularisation call (due on the sending day), a balance in its
    favour a credit."""
    services._check_manager(actor)
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    if actual_charges < 0:
        raise ValidationError({"actual_charges": "Les charges ne peuvent pas être négatives."})
    if not lease.start.year <= year <= lease.end.year or sent_on.year <= year:
        raise ValidationError({"year": "Année hors du bail ou décompte adressé avant sa fin."})
    if lease.charges_statements.filter(year=year).exists():
        raise ValidationError({"year": f"Le décompte {year} est déjà établi."})
    statement = ChargesStatement(
        lease=lease, year=year, actual_charges=actual_charges,
        provisions=provisions_called(lease, year), sent_on=sent_on, detail=detail,
        deadline=deadlines.charges_statement(year),
    )  # fmt: skip
    balance = statement.balance
    if balance > 0:
        statement.regularisation_call = RentCall.objects.create(
            lease=lease, kind=CallKind.REGULARISATION, period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31), due_on=sent_on, rent=ZERO, charges=balance,
            annual_rent=ZERO,
            explanation=f"Régularisation des charges {year} : charges réelles "
                        f"{actual_charges} € − provisions {statement.provisions} € "
                        f"({deadlines.ARTICLES['charges_statement']}).",
        )  # fmt: skip
    elif balance < 0:
        statement.credit = _credit(
            lease=lease, on=sent_on, origin=CreditOrigin.CHARGES, amount=-balance,
            label=f"Régularisation des charges {year}",
        )  # fmt: skip
    statement.save()
    log_action("fonciere.charges_statement.create", actor=actor, obj=lease,
               data={"year": year, "balance": str(balance),
                     "late": sent_on > statement.deadline})  # fmt: skip
    return statement


@transaction.atomic
def deposit_return(*, actor, lease, on) -> DepositReturn:
    """At exit (lease ended): the tenant's credits then the deposit settle the unpaid calls,
    oldest first; the rest of the deposit and of the credits is returned; what the deposit
    does not cover stays due."""
    services._check_manager(actor)
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    if lease.state != LeaseState.ENDED:
        raise ValidationError("Le dépôt se restitue à la sortie : terminez d’abord le bail.")
    if hasattr(lease, "deposit_return"):
        raise ValidationError("Le dépôt de garantie est déjà restitué.")
    for credit in lease.credits.filter(remaining__gt=0).order_by("on", "pk"):
        for call in lease.calls.order_by("due_on", "pk"):
            credit.refresh_from_db()
            if credit.remaining > 0 and remaining_due(call) > 0:
                credit_apply(actor=actor, credit=credit, rent_call=call, on=on)
    deposit_left, deducted = lease.deposit, ZERO
    for call in lease.calls.order_by("due_on", "pk"):
        due = remaining_due(call)
        if due > 0 and deposit_left > 0:
            amount = min(due, deposit_left)
            services.payment_record(actor=actor, rent_call=call, paid_on=on, amount=amount,
                                    source=PaymentSource.DEPOSIT)  # fmt: skip
            deposit_left -= amount
            deducted += amount
    credits = lease.credits.aggregate(total=Sum("remaining"))["total"] or ZERO
    lease.credits.update(remaining=ZERO)
    still_due = sum((remaining_due(c) for c in lease.calls.all()), ZERO)
    record = DepositReturn.objects.create(
        lease=lease, on=on, deposit=lease.deposit, deducted=deducted, credits=credits,
        returned=deposit_left + credits, still_due=still_due, created_by=actor,
    )  # fmt: skip
    log_action("fonciere.deposit.return", actor=actor, obj=lease,
               data={"deducted": str(deducted), "returned": str(record.returned),
                     "still_due": str(still_due)})  # fmt: skip
    return record


@transaction.atomic
def rent_setting_record(
    *, actor, lease, kind, effective_on, annual_rent, reference_quarter, explanation="",
    material_change=False,
):  # fmt: skip
    """Record a rent fixed during the lease (triennial revision L145-38, renewal L145-34 C.
    com.) as the lease's new rent from `effective_on`: later indexations start from it and
    its reference quarter; calls already issued are kept.

    A triennial revision is checked against the law from the last fixing of the rent (the
    last one recorded, else the lease's start and initial rent): asked three years after it
    at the earliest, and at most the cap `rent × I(new quarter) / I(quarter of the last
    fixing)` unless a material change of the local trading factors is declared
    (`material_change`, then any increase is phased at 10 % a year, which the parties
    apply)."""
    from cvv.fonciere import indexation
    from cvv.fonciere.models import RentSetting
    from cvv.fonciere.revision import ARTICLE_RENEWAL, ARTICLE_REVISION

    services._check_manager(actor)
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    if lease.state != "en_cours":
        raise ValidationError("Seul un bail en cours reçoit un nouveau loyer.")
    articles = {"revision": ARTICLE_REVISION, "renouvellement": ARTICLE_RENEWAL}
    if kind not in articles:
        raise ValidationError({"kind": "Nature inconnue."})
    if annual_rent is None or annual_rent < 0:
        raise ValidationError({"annual_rent": "Le loyer ne peut pas être négatif."})
    if not lease.start < effective_on <= lease.end:
        raise ValidationError(
            {"effective_on": "La date doit tomber après la prise d’effet et au plus tard au terme."}
        )
    last = lease.rent_settings.order_by("-effective_on").first()
    if last is not None and effective_on <= last.effective_on:
        raise ValidationError(
            {"effective_on": f"Un loyer a déjà été fixé au {last.effective_on:%d/%m/%Y}."}
        )
    try:
        quarter = indexation.parse_quarter(reference_quarter)
    except indexation.IndexationError as exc:
        raise ValidationError({"reference_quarter": str(exc)}) from None
    if kind == "revision":
        _check_revision(lease, last, effective_on, quarter, annual_rent, material_change)
    setting = RentSetting.objects.create(
        lease=lease, kind=kind, effective_on=effective_on, annual_rent=annual_rent,
        reference_quarter=reference_quarter, article=articles[kind],
        explanation=(explanation or "")[:1000], created_by=actor,
    )  # fmt: skip
    regularisation = _regularisation_record(actor, lease, setting)
    log_action(
        "fonciere.lease.rent_set", actor=actor, obj=lease,
        data={"kind": kind, "on": effective_on.isoformat(), "annual_rent": annual_rent,
              "material_change": bool(material_change),
              "regularisation": str(regularisation.amount),
              "tenant_emailed": bool(lease.tenant_email)},
    )  # fmt: skip
    if lease.tenant_email:
        from cvv.fonciere.tasks import send_rent_setting_email

        transaction.on_commit(lambda: send_rent_setting_email(setting.pk))
    return setting


def _regularisation_record(actor, lease, setting):
    """The regularisation of the term calls already issued whose period ends on or after
    the new rent's date (`cvv.fonciere.regularisation`), frozen on `RentRegularisation`.
    A balance in the tenant's favour becomes its credit at once; a balance it owes is
    billed as a line of the next call generated (`services.rent_calls_generate`)."""
    from cvv.fonciere import indexation, regularisation, selectors
    from cvv.fonciere.enums import Frequency
    from cvv.fonciere.models import RentRegularisation

    values = selectors.index_values()
    settings_now = list(lease.rent_settings.all())

    def revised_annual_on(day):
        return services.annual_rent_on(lease, day, values, rent_settings=settings_now).rent

    calls = list(
        lease.calls.filter(kind=CallKind.TERM, period_end__gte=setting.effective_on)
    )  # fmt: skip
    try:
        lines, total = regularisation.regularise(
            calls, effective_on=setting.effective_on,
            months=1 if lease.frequency == Frequency.MONTHLY else 3,
            revised_annual_on=revised_annual_on, adjustments=services.rent_schedule_of(lease),
        )  # fmt: skip
    except indexation.IndexationError as exc:
        raise ValidationError(
            f"Régularisation des appels déjà émis impossible : {exc} (importez la série "
            "de l’INSEE, puis enregistrez le nouveau loyer)."
        ) from None
    by_pk = {c.pk: c for c in calls}
    try:
        previous = services.annual_rent_on(
            lease, setting.effective_on - dt.timedelta(days=1), values,
            rent_settings=[s for s in settings_now if s.pk != setting.pk],
        ).rent  # fmt: skip
    except indexation.IndexationError:
        previous = None
    record = RentRegularisation.objects.create(
        setting=setting, amount=total, previous_rent=previous,
        lines=[{
            "call": line.call_id, "reference": by_pk[line.call_id].reference,
            "period_start": line.period_start.isoformat(),
            "period_end": line.period_end.isoformat(), "billed": str(line.billed),
            "due": str(line.due), "difference": str(line.difference),
            "prorata": f"{line.revised_days}/{line.total_days}" if line.straddles else "",
        } for line in lines],
    )  # fmt: skip
    if total < 0:
        from django.utils import timezone

        record.credit = _credit(
            lease=lease, on=setting.effective_on, origin=CreditOrigin.RENT, amount=-total,
            label=regularisation_label(setting, len(lines)),
        )  # fmt: skip
        record.settled_at = timezone.now()
        record.save(update_fields=["credit", "settled_at"])
        log_action("fonciere.credit.create", actor=actor, obj=lease,
                   data={"amount": str(-total), "origin": CreditOrigin.RENT})  # fmt: skip
    return record


def regularisation_label(setting, count):
    return (
        f"Régularisation du loyer fixé au {setting.effective_on:%d/%m/%Y} "
        f"({setting.get_kind_display().lower()}, {setting.article}) sur {count} appel(s) "
        "déjà émis"
    )


def last_fixing(lease):
    """(annual rent, date, index quarter) of the last fixing of the lease's rent: the last
    rent recorded during the lease, else its initial rent at its start."""
    from cvv.fonciere import indexation

    last = lease.rent_settings.order_by("-effective_on").first()
    if last is not None:
        return last.annual_rent, last.effective_on, indexation.parse_quarter(last.reference_quarter)
    return lease.rent, lease.start, indexation.parse_quarter(lease.reference_quarter)


def _check_revision(lease, last, effective_on, quarter, annual_rent, material_change):
    """A triennial revision against L145-38 (see `rent_setting_record`)."""
    from cvv.fonciere import indexation, selectors
    from cvv.fonciere.revision import triennial_revision
    from cvv.fonciere.templatetags.fonciere_format import euros
    from cvv.premises.vacancy import add_months

    rent, fixed_on, fixing_quarter = last_fixing(lease)
    possible_from = add_months(fixed_on, 36)
    if effective_on < possible_from:
        raise ValidationError({"effective_on": (
            f"Une révision triennale se demande trois ans au moins après la dernière fixation "
            f"du loyer ({fixed_on:%d/%m/%Y}), soit à partir du {possible_from:%d/%m/%Y} "
            "(art. L145-38 du code de commerce)."
        )})  # fmt: skip
    try:
        outcome = triennial_revision(
            index=lease.index, rent=rent, fixed_on=fixed_on, fixing_quarter=fixing_quarter,
            requested_on=effective_on, request_quarter=quarter,
            values=selectors.index_values(), material_change=material_change,
        )  # fmt: skip
    except indexation.IndexationError as exc:
        if exc.field == "request_quarter":
            raise ValidationError({"reference_quarter": (
                f"Le nouveau trimestre de référence doit suivre celui de la dernière fixation "
                f"({indexation.quarter_text(fixing_quarter)})."
            )}) from None  # fmt: skip
        raise ValidationError({"reference_quarter": (
            "Le plafond de la révision ne peut être calculé : indice "
            f"{lease.index} de {indexation.quarter_text(fixing_quarter)} ou de "
            f"{indexation.quarter_text(quarter)} pas encore publié ou importé (importez la "
            "série de l’INSEE, puis enregistrez la révision)."
        )}) from None  # fmt: skip
    if not material_change and annual_rent > outcome.cap:
        raise ValidationError({"annual_rent": (
            f"Le loyer révisé ({euros(annual_rent)}) dépasse le plafond de {euros(outcome.cap)} : "
            f"{euros(rent)} fixé le {fixed_on:%d/%m/%Y} × variation de l’indice {lease.index} "
            f"de {indexation.quarter_text(fixing_quarter)} à {indexation.quarter_text(quarter)}"
            " (art. L145-38 du code de commerce). Il ne peut le dépasser qu’en cas de "
            "modification matérielle des facteurs locaux de commercialité ayant fait varier "
            "de plus de 10 % la valeur locative (à cocher)."
        )})  # fmt: skip
