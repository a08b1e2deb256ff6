"""Writes on the foncière's portfolio: works on an acquired premises and its sale. The sale
to a buyer other than the sitting tenant needs the tenant's first refusal (L145-46-1 C. com.:
one month to accept, then two months to complete, four with a loan); the deed records the
result and the premises leaves the portfolio. Keyword-only, atomic, audited."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum

from cvv.audit.services import log_action
from cvv.core.amounts import AmountError, parse_amount
from cvv.fonciere import appraisal, deadlines
from cvv.fonciere.enums_chain import BuyerKind, SaleState, WorksState
from cvv.fonciere.models import Acquisition, Lease
from cvv.fonciere.models_portfolio import (
    InsurancePolicy,
    PortfolioTarget,
    PropertyTax,
    Sale,
    Works,
)
from cvv.fonciere.selectors import is_manager
from cvv.fonciere.workflows_chain import SALE_WORKFLOW, WORKS_WORKFLOW
from cvv.premises.enums import OwnerKind
from cvv.premises.models import Premises

ZERO = Decimal("0")
FIRST_REFUSAL = deadlines.ARTICLES["tenant_first_refusal"]


def _check_manager(actor):
    if not is_manager(actor):
        raise PermissionDenied("Réservé à la foncière et aux services de la Métropole.")


def _money(name, value):
    if value is None or value < 0:
        raise ValidationError({name: "Le montant ne peut pas être négatif."})


# --- Works --------------------------------------------------------------------------------


@transaction.atomic
def works_create(*, actor, acquisition, title, budget, contractors="", synthetic=False) -> Works:
    _check_manager(actor)
    _money("budget", budget)
    if acquisition.sales.filter(state=SaleState.SOLD).exists():
        raise ValidationError("Ce local a été vendu : il n’est plus dans le portefeuille.")
    works = Works(
        acquisition=acquisition,
        commune=acquisition.commune,
        title=title.strip(),
        budget=budget,
        contractors=contractors.strip(),
        synthetic=synthetic,
    )
    works.full_clean()
    works.save()
    log_action("fonciere.works.create", actor=actor, obj=works, data={"budget": budget})
    return works


@transaction.atomic
def works_progress(*, actor, works, progress, actual_cost) -> Works:
    """Record the progress (%) and the cost paid so far of works under way."""
    _check_manager(actor)
    works = Works.objects.select_for_update().get(pk=works.pk)
    if works.state != WorksState.IN_PROGRESS:
        raise ValidationError("L’avancement se suit pendant les travaux.")
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": "L’avancement est compris entre 0 et 100 %."})
    _money("actual_cost", actual_cost)
    works.progress, works.actual_cost = progress, actual_cost
    works.save(update_fields=["progress", "actual_cost"])
    log_action(
        "fonciere.works.progress",
        actor=actor,
        obj=works,
        data={"progress": progress, "actual_cost": actual_cost},
    )
    return works


def works_start(*, actor, works, on) -> Works:
    works.started_on = on
    return WORKS_WORKFLOW.apply(works, "start", actor=actor, extra_update_fields=["started_on"])


def works_finish(*, actor, works, on, actual_cost) -> Works:
    """Acceptance of the works with their final cost."""
    _money("actual_cost", actual_cost)
    if works.started_on and on < works.started_on:
        raise ValidationError({"on": "La réception ne peut précéder le début des travaux."})
    works.finished_on, works.actual_cost, works.progress = on, actual_cost, 100
    return WORKS_WORKFLOW.apply(
        works,
        "finish",
        actor=actor,
        data={"actual_cost": actual_cost},
        extra_update_fields=["finished_on", "actual_cost", "progress"],
    )


# --- Insurance and taxes -------------------------------------------------------------------


def _held(acquisition):
    if acquisition.sales.filter(state=SaleState.SOLD).exists():
        raise ValidationError("Ce local a été vendu : il n’est plus dans le portefeuille.")


@transaction.atomic
def insurance_record(
    *, actor, acquisition, insurer, policy_number, cover, premium, starts_on, ends_on=None,
    synthetic=False,
) -> InsurancePolicy:  # fmt: skip
    """Record an insurance policy of an acquired premises (its yearly premium is a cost of
    the portfolio while it is in force)."""
    _check_manager(actor)
    _money("premium", premium)
    _held(acquisition)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "La fin de la police ne peut précéder son début."})
    policy = InsurancePolicy(
        acquisition=acquisition,
        commune=acquisition.commune,
        insurer=insurer.strip(),
        policy_number=policy_number.strip(),
        cover=cover.strip(),
        premium=premium,
        starts_on=starts_on,
        ends_on=ends_on,
        synthetic=synthetic,
    )
    policy.full_clean()
    policy.save()
    log_action(
        "fonciere.insurance.record",
        actor=actor,
        obj=policy,
        data={"premium": premium, "starts_on": starts_on, "ends_on": ends_on},
    )
    return policy


@transaction.atomic
def tax_record(
    *, actor, acquisition, year, amount, reinvoiced=False, synthetic=False
) -> PropertyTax:
    """Record the taxe foncière of one year; re-invoiced to the tenant only when the lease's
    charges inventory provides it (L145-40-2 and R145-35 C. com.)."""
    _check_manager(actor)
    _money("amount", amount)
    _held(acquisition)
    if not acquisition.deed_on.year <= year <= dt.date.today().year + 1:
        raise ValidationError({"year": "L’année va de celle de l’acquisition à l’année prochaine."})
    if acquisition.property_taxes.filter(year=year).exists():
        raise ValidationError({"year": f"La taxe foncière {year} est déjà enregistrée."})
    tax = PropertyTax(
        acquisition=acquisition,
        commune=acquisition.commune,
        year=year,
        amount=amount,
        reinvoiced=reinvoiced,
        synthetic=synthetic,
    )
    tax.full_clean()
    tax.save()
    log_action(
        "fonciere.tax.record",
        actor=actor,
        obj=tax,
        data={"year": year, "amount": amount, "reinvoiced": reinvoiced},
    )
    return tax


# --- Sale ---------------------------------------------------------------------------------


def sitting_lease(acquisition, on=None):
    """The lease in force on the acquired premises (its tenant has the first refusal)."""
    return (
        Lease.objects.filter(premises=acquisition.premises_id, state="en_cours")
        .order_by("-start")
        .first()
    )


def tenant_offer_cleared(acquisition, today) -> bool:
    """The tenant's first refusal is spent: declined, or not accepted within the month."""
    offers = acquisition.sales.filter(buyer_kind=BuyerKind.TENANT)
    return (
        offers.filter(state=SaleState.DECLINED).exists()
        or offers.filter(state=SaleState.OFFERED, accept_by__lt=today).exists()
    )


@transaction.atomic
def sale_offer(
    *,
    actor,
    acquisition,
    buyer_kind,
    buyer_name,
    price,
    offered_on,
    loan=False,
    synthetic=False,
    today=None,
) -> Sale:
    """An offer of sale. With a tenant in place, the premises is first offered to them
    (L145-46-1 C. com.); their deadlines are computed from the day they receive the offer."""
    _check_manager(actor)
    _money("price", price)
    today = today or dt.date.today()
    acquisition = Acquisition.objects.select_for_update().get(pk=acquisition.pk)
    live = acquisition.sales.exclude(state=SaleState.DECLINED).first()
    if live is not None:
        if not (
            live.buyer_kind == BuyerKind.TENANT
            and live.state == SaleState.OFFERED
            and live.accept_by
            and live.accept_by < today
        ):
            raise ValidationError(
                f"Une vente est déjà en cours ({live.get_state_display().lower()}, "
                f"{live.buyer_name})."
            )
        # The tenant let the month pass: their silence is a refusal.
        SALE_WORKFLOW.apply(
            live,
            "decline",
            actor=actor,
            reason=f"Délai d’acceptation expiré le {live.accept_by:%d/%m/%Y} ({FIRST_REFUSAL}).",
        )
    lease = sitting_lease(acquisition)
    if (
        buyer_kind != BuyerKind.TENANT
        and lease is not None
        and not tenant_offer_cleared(acquisition, today)
    ):
        raise ValidationError(
            {
                "buyer_kind": f"Le preneur en place ({lease.tenant_name}) a un droit de "
                f"préférence : proposez-lui d’abord la vente ({FIRST_REFUSAL})."
            }
        )
    if buyer_kind == BuyerKind.TENANT and lease is None:
        raise ValidationError({"buyer_kind": "Aucun bail en cours sur ce local."})
    sale = Sale(
        acquisition=acquisition,
        commune=acquisition.commune,
        buyer_kind=buyer_kind,
        buyer_name=(buyer_name or (lease.tenant_name if lease else "")).strip(),
        price=price,
        offered_on=offered_on,
        loan=loan,
        synthetic=synthetic,
    )
    if buyer_kind == BuyerKind.TENANT:
        dates = deadlines.tenant_first_refusal(offered_on, loan=loan)
        sale.accept_by, sale.complete_by = dates["accept_by"], dates["complete_by"]
    sale.full_clean()
    sale.save()
    log_action("fonciere.sale.offer", actor=actor, obj=sale, data={"price": price})
    return sale


def sale_accept(*, actor, sale, on) -> Sale:
    if sale.buyer_kind == BuyerKind.TENANT:
        try:
            dates = deadlines.tenant_first_refusal(sale.offered_on, on, sale.loan)
        except deadlines.DeadlineError:
            raise ValidationError(
                {
                    "on": f"Le preneur devait accepter avant le {sale.accept_by:%d/%m/%Y} "
                    f"({FIRST_REFUSAL})."
                }
            ) from None
        sale.complete_by = dates["complete_by"]
    elif on < sale.offered_on:
        raise ValidationError({"on": "L’acceptation ne peut précéder l’offre."})
    sale.accepted_on = on
    return SALE_WORKFLOW.apply(
        sale, "accept", actor=actor, extra_update_fields=["accepted_on", "complete_by"]
    )


def sale_decline(*, actor, sale, reason) -> Sale:
    return SALE_WORKFLOW.apply(sale, "decline", actor=actor, reason=reason)


@transaction.atomic
def sale_complete(*, actor, sale, deed_on) -> Sale:
    """The deed: the result (cost price, capital gain, months held) is recorded and the
    premises leaves the portfolio (its owner becomes the buyer)."""
    SALE_WORKFLOW.check(sale, "complete", actor)
    if sale.complete_by and deed_on > sale.complete_by:
        raise ValidationError(
            {
                "deed_on": f"La vente devait être réalisée avant le {sale.complete_by:%d/%m/%Y} : "
                f"l’acceptation du preneur est sans effet ({FIRST_REFUSAL})."
            }
        )
    acquisition = sale.acquisition
    works_cost = acquisition.works.aggregate(total=Sum("actual_cost"))["total"] or ZERO
    try:
        result = appraisal.sale_result(
            price=acquisition.price,
            costs=acquisition.costs,
            works_cost=works_cost,
            sale_price=sale.price,
            acquired_on=acquisition.deed_on,
            sold_on=deed_on,
        )
    except appraisal.AppraisalError as exc:
        raise ValidationError({exc.field: str(exc)}) from None
    sale.deed_on, sale.invested = deed_on, result.invested
    sale.capital_gain, sale.months_held = result.capital_gain, result.months_held
    SALE_WORKFLOW.apply(
        sale,
        "complete",
        actor=actor,
        data={"price": sale.price, "capital_gain": result.capital_gain},
        extra_update_fields=["deed_on", "invested", "capital_gain", "months_held"],
    )
    owner = {BuyerKind.COMMUNE: OwnerKind.COMMUNE}.get(sale.buyer_kind, OwnerKind.PRIVATE)
    Premises.objects.filter(pk=acquisition.premises_id).update(
        owner_kind=owner, owner_name=sale.buyer_name
    )
    return sale


# --- Targets ------------------------------------------------------------------------------

TARGET_EARLIEST_START = dt.date(2000, 1, 1)
TARGET_MAX_PREMISES = 100_000
TARGET_MAX_YEARS = 30


def _target_amount(name, label, value, *, max_digits, required):
    if value in (None, ""):
        if required:
            raise ValidationError({name: f"Indiquez le champ « {label} »."})
        return None
    try:
        amount = parse_amount(value, field=label, max_digits=max_digits, decimal_places=2)
    except AmountError as exc:
        raise ValidationError({name: f"{exc.message[:1].upper()}{exc.message[1:]}."}) from None
    if amount <= 0:
        raise ValidationError({name: f"Le champ « {label} » doit être supérieur à zéro."})
    return amount


@transaction.atomic
def targets_set(
    *, actor, premises, invested, start, years, area_m2=None, reference="", today=None
) -> PortfolioTarget:
    """Record the foncière's portfolio targets as decided by its board: they apply from now
    on; the previous ones stay in the history."""
    _check_manager(actor)
    today = today or dt.date.today()
    if isinstance(premises, bool) or not isinstance(premises, int):
        raise ValidationError({"premises": "Le nombre de locaux est un nombre entier."})
    if not 0 < premises <= TARGET_MAX_PREMISES:
        raise ValidationError(
            {"premises": f"Le nombre de locaux est compris entre 1 et {TARGET_MAX_PREMISES}."}
        )
    invested = _target_amount(
        "invested", "montant à investir", invested, max_digits=14, required=True
    )
    area_m2 = _target_amount(
        "area_m2", "surface de vente visée", area_m2, max_digits=12, required=False
    )
    if isinstance(years, bool) or not isinstance(years, int):
        raise ValidationError({"years": "La durée est un nombre entier d’années."})
    if not 1 <= years <= TARGET_MAX_YEARS:
        raise ValidationError(
            {"years": f"La durée est comprise entre 1 et {TARGET_MAX_YEARS} ans."}
        )
    if not isinstance(start, dt.date):
        raise ValidationError({"start": "Indiquez la date de début de la période."})
    latest_start = today.replace(year=today.year + 5, day=min(today.day, 28))
    if not TARGET_EARLIEST_START <= start <= latest_start:
        raise ValidationError(
            {
                "start": f"La période commence entre le {TARGET_EARLIEST_START:%d/%m/%Y} "
                f"et le {latest_start:%d/%m/%Y}."
            }
        )
    reference = (reference or "").strip()
    target = PortfolioTarget(
        premises=premises,
        invested=invested,
        area_m2=area_m2,
        start=start,
        years=years,
        reference=reference,
        set_by=actor,
    )
    target.full_clean(exclude=["set_by"])
    target.save()
    log_action(
        "fonciere.targets.set",
        actor=actor,
        obj=target,
        data={
            "premises": premises,
            "invested": invested,
            "area_m2": area_m2,
            "start": start.isoformat(),
            "years": years,
            "reference": reference,
        },
    )
    return target
