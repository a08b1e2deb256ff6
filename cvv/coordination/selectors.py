"""Scoped reads of the coordination module.

- `programmes_for(user)`: the catalogue (active programmes; staff also see inactive ones);
- `participations_visible_to(user)`: by commune (staff, the commune's people, its territory's
  agents), plus the participations in a programme the person answers for;
- `referrals_visible_to(user)`: by commune, plus — once sent — the referrals to a programme
  the person answers for (its officers never see a draft);
- `calendar(...)`: the calls still open to answer, optionally only those a commune may answer.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from cvv.coordination.models import (
    MetroProgramme,
    Participation,
    ProgrammeCall,
    Referral,
    ReferralState,
)
from cvv.organisations.access import commune_q, get_access


def programmes_for(user):
    programmes = MetroProgramme.objects.select_related("organisation")
    if get_access(user).is_metropole_staff:
        return programmes
    return programmes.filter(is_active=True)


def answers_for_a_programme(access) -> bool:
    """The person is an officer of one of the programmes (member of its organisation)."""
    return (
        bool(access.organisation_ids)
        and MetroProgramme.objects.filter(organisation__in=access.organisation_ids).exists()
    )


def follows_coordination(user) -> bool:
    """May open the participation and referral lists: staff, communes' and territories'
    people, the officers of a programme."""
    access = get_access(user)
    return access.sees_some_commune or answers_for_a_programme(access)


def participations_visible_to(user):
    access = get_access(user)
    participations = Participation.objects.select_related(
        "commune", "programme", "commune__territoire"
    )
    if not access.is_authenticated:
        return participations.none()
    if access.is_metropole_staff:  # (an empty Q would vanish from the OR below)
        return participations
    return participations.filter(
        commune_q(access) | Q(programme__organisation__in=access.organisation_ids)
    )


def referrals_visible_to(user):
    access = get_access(user)
    if not access.is_authenticated:
        return Referral.objects.none()
    if access.is_metropole_staff:
        return Referral.objects.select_related("commune", "programme", "accompaniment")
    officer = Q(programme__organisation__in=access.organisation_ids) & ~Q(state=ReferralState.DRAFT)
    return Referral.objects.filter(commune_q(access) | officer).select_related(
        "commune", "programme", "accompaniment"
    )


def calendar(*, today=None, commune=None, programme=None):
    """Calls whose deadline is today or later, soonest first; with `commune`, only the calls
    it may answer (population bounds, territories)."""
    today = today or timezone.localdate()
    calls = (
        ProgrammeCall.objects.filter(closes_on__gte=today, programme__is_active=True)
        .select_related("programme")
        .prefetch_related("territoires")
    )
    if programme is not None:
        calls = calls.filter(programme=programme)
    calls = list(calls)
    if commune is not None:
        calls = [call for call in calls if call.eligible(commune)]
    return calls


def days_left(call, today=None) -> int:
    return (call.closes_on - (today or timezone.localdate())).days


def due_soon(*, within_days=14, today=None):
    """Calls closing within `within_days` days (the reminder task's list)."""
    today = today or timezone.localdate()
    return ProgrammeCall.objects.filter(
        closes_on__gte=today,
        closes_on__lte=today + datetime.timedelta(days=within_days),
        programme__is_active=True,
    ).select_related("programme")
