"""The programme dashboard for Métropole staff: one row per accompaniment with its phase,
health (overdue items, last activity) and funding (when the funding module provides it)."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from cvv.core.plugins import contributions
from cvv.programme.models import Accompaniment, Action, ExpertiseRequest


@dataclass
class Row:
    accompaniment: Accompaniment
    open_actions: int
    overdue_actions: int
    open_expertise: int
    overdue_expertise: int
    planned_budget: Decimal
    inactive_days: int
    funding_requested: Decimal = Decimal("0")
    funding_granted: Decimal = Decimal("0")
    problems: list = field(default_factory=list)

    @property
    def health(self):
        if not self.problems:
            return "ok"
        return "alert" if len(self.problems) > 1 else "warn"

    @property
    def health_label(self):
        return {"ok": "Bonne", "warn": "À surveiller", "alert": "En difficulté"}[self.health]


def dashboard_rows(edition=None, today=None) -> list[Row]:
    today = today or timezone.localdate()
    qs = Accompaniment.objects.select_related("commune__territoire", "edition", "referent")
    if edition is not None:
        qs = qs.filter(edition=edition)
    open_actions = Q(actions__status__in=Action.OPEN_STATUSES)
    open_expertise = Q(expertise_requests__state__in=ExpertiseRequest.OPEN_STATES)
    qs = qs.annotate(
        n_open_actions=Count("actions", filter=open_actions, distinct=True),
        n_overdue_actions=Count(
            "actions", filter=open_actions & Q(actions__deadline__lt=today), distinct=True
        ),
        n_open_expertise=Count("expertise_requests", filter=open_expertise, distinct=True),
        n_overdue_expertise=Count(
            "expertise_requests",
            filter=open_expertise & Q(expertise_requests__due_on__lt=today),
            distinct=True,
        ),
    )
    budgets = dict(
        Action.objects.exclude(status=Action.Status.CANCELLED)
        .values_list("accompaniment")
        .annotate(total=Sum("budget"))
        .values_list("accompaniment", "total")
    )
    funding = _funding_by_accompaniment()
    now = timezone.now()
    rows = []
    for accompaniment in qs.order_by("commune__nom"):
        inactive = (now - accompaniment.last_activity_at).days
        row = Row(
            accompaniment=accompaniment,
            open_actions=accompaniment.n_open_actions,
            overdue_actions=accompaniment.n_overdue_actions,
            open_expertise=accompaniment.n_open_expertise,
            overdue_expertise=accompaniment.n_overdue_expertise,
            planned_budget=budgets.get(accompaniment.pk) or Decimal("0.00"),
            inactive_days=inactive,
        )
        row.funding_requested, row.funding_granted = funding.get(
            accompaniment.pk, (Decimal("0"), Decimal("0"))
        )
        if accompaniment.is_active:
            if row.overdue_actions:
                row.problems.append(f"{row.overdue_actions} action(s) en retard")
            if row.overdue_expertise:
                row.problems.append(f"{row.overdue_expertise} expertise(s) en retard")
            if now - accompaniment.last_activity_at > timedelta(
                days=accompaniment.edition.inactivity_days
            ):
                row.problems.append(f"sans activité depuis {inactive} jours")
        rows.append(row)
    return rows


def _funding_by_accompaniment():
    """{accompaniment id: (requested, granted)} summed over what the funding modules
    contribute (hook `programme_accompaniment_funding`); empty when none is installed."""
    totals = {}
    for funding in contributions("programme_accompaniment_funding"):
        for pk, (requested, granted) in funding().items():
            before = totals.get(pk, (Decimal("0"), Decimal("0")))
            totals[pk] = (before[0] + requested, before[1] + granted)
    return totals


EXPORT_COLUMNS = [
    ("commune", "Commune"),
    ("code", "Code INSEE"),
    ("territoire", "Territoire"),
    ("edition", "Édition"),
    ("state", "État"),
    ("phase", "Phase"),
    ("referent", "Référent"),
    ("health", "Santé"),
    ("problems", "Signaux"),
    ("open_actions", "Actions ouvertes"),
    ("overdue_actions", "Actions en retard"),
    ("open_expertise", "Expertises ouvertes"),
    ("overdue_expertise", "Expertises en retard"),
    ("last_activity", "Dernière activité"),
    ("planned_budget", "Budget du plan d’actions (€)"),
    ("funding_requested", "Financement demandé (€)"),
    ("funding_granted", "Financement accordé (€)"),
]


def export_rows(rows):
    for row in rows:
        a = row.accompaniment
        yield {
            "commune": a.commune.nom,
            "code": a.commune.code,
            "territoire": a.commune.territoire.code,
            "edition": a.edition.name,
            "state": a.get_state_display(),
            "phase": a.get_phase_display(),
            "referent": str(a.referent) if a.referent_id else "",
            "health": row.health_label,
            "problems": " ; ".join(row.problems),
            "open_actions": row.open_actions,
            "overdue_actions": row.overdue_actions,
            "open_expertise": row.open_expertise,
            "overdue_expertise": row.overdue_expertise,
            "last_activity": timezone.localdate(a.last_activity_at),
            "planned_budget": row.planned_budget,
            "funding_requested": row.funding_requested,
            "funding_granted": row.funding_granted,
        }
