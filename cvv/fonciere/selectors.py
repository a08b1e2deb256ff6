"""Scoped reads of the foncière.

The Métropole's staff and the foncière's officers see everything; a commune's people see
their commune's opportunities and leases (read only); other roles nothing."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404

from cvv.fonciere.models import IndexValue, Lease, Opportunity, RentCall
from cvv.fonciere.workflows import MANAGERS
from cvv.organisations.access import commune_side_q, get_access
from cvv.organisations.enums import COMMUNE_ROLES

READERS = frozenset({*MANAGERS, *COMMUNE_ROLES})


def _scope(queryset, user):
    access = get_access(user)
    if access.has_role(*MANAGERS):
        return queryset
    if access.has_role(*COMMUNE_ROLES):
        return queryset.filter(commune_side_q(access, "commune"))
    return queryset.none()


def is_manager(user) -> bool:
    return get_access(user).has_role(*MANAGERS)


def opportunities_visible_to(user):
    return _scope(Opportunity.objects.select_related("premises", "commune"), user)


def opportunity_for_view(user, pk):
    return get_object_or_404(opportunities_visible_to(user), pk=pk)


def leases_visible_to(user):
    return _scope(Lease.objects.select_related("premises", "commune"), user)


def lease_for_view(user, pk):
    return get_object_or_404(leases_visible_to(user), pk=pk)


def index_values() -> dict:
    """{(index, (year, quarter)): value}: the bundled values completed (and overridden) by
    the imported ones."""
    from cvv.fonciere.indexation import bundled_values

    values = dict(bundled_values())
    for row in IndexValue.objects.all():
        values[(row.index, (row.year, row.quarter))] = row.value
    return values


def upcoming_deadlines(user, *, today=None, days=30):
    """Open opportunities whose answer is due within `days` (or overdue), soonest first."""
    today = today or dt.date.today()
    return opportunities_visible_to(user).filter(
        state__in=["recue", "suspendue", "etude"],
        deadline__isnull=False,
        deadline__lte=today + dt.timedelta(days=days),
    )


def call_balances(calls):
    """[(call, paid, due)] for rent calls."""
    rows = calls.annotate(paid_sum=Sum("payments__amount"))
    return [(c, c.paid_sum or Decimal("0"), c.total - (c.paid_sum or Decimal("0"))) for c in rows]


def arrears(user, *, today=None):
    """[(call, amount due, days late)] of calls past due and not fully paid, oldest first."""
    today = today or dt.date.today()
    calls = RentCall.objects.filter(
        Q(lease__in=leases_visible_to(user)), due_on__lt=today
    ).select_related("lease")
    return [
        (call, due, (today - call.due_on).days)
        for call, _paid, due in call_balances(calls.order_by("due_on"))
        if due > 0
    ]
