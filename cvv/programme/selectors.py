"""Scoped reads of the programme: who sees which candidature, accompaniment, request.

- Métropole staff see everything;
- a commune's people see their commune's candidatures and accompaniments;
- a territory's agents see those of their territory's communes;
- partner experts (and the foncière) see only the accompaniments they are on, and the
  expertise requests routed to their organisation.
Out of scope is a 404 in views (scoped querysets fed to get_object_or_404).
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from cvv.core.plugins import contributions
from cvv.organisations.access import commune_q, get_access, visible
from cvv.programme.models import (
    Accompaniment,
    Action,
    Candidature,
    Edition,
    ExpertiseRequest,
    HelpRequest,
    Resource,
    TeamMember,
)


def current_edition() -> Edition | None:
    """The edition in progress: the most recent one that is not a draft."""
    return Edition.objects.exclude(state=Edition.State.DRAFT).order_by("-number").first()


def active_accompaniment(commune, edition=None) -> Accompaniment | None:
    """The commune's accompaniment in an active state (in `edition`, or in any edition)."""
    qs = Accompaniment.objects.filter(commune=commune, state__in=Accompaniment.ACTIVE_STATES)
    if edition is not None:
        qs = qs.filter(edition=edition)
    return qs.order_by("-edition__number").first()


def candidatures_visible_to(user):
    return visible(Candidature.objects.select_related("commune__territoire", "edition"), user)


def candidatures_editable_by(user):
    """Communes' people and their territory's agents prepare the candidature."""
    return candidatures_visible_to(user)


def accompaniments_visible_to(user):
    access = get_access(user)
    qs = Accompaniment.objects.select_related("commune__territoire", "edition", "referent")
    if access.is_metropole_staff:
        return qs
    if not access.is_authenticated:
        return qs.none()
    return qs.filter(commune_q(access) | Q(members__user_id=access.user_id)).distinct()


def accompaniment_for_view(user, pk) -> Accompaniment:
    return get_object_or_404(accompaniments_visible_to(user), pk=pk)


def is_advisor(user, accompaniment) -> bool:
    """Métropole staff and the partner experts of the team: they steer, recommend, see the
    private notes."""
    access = get_access(user)
    if access.is_metropole_staff:
        return True
    return accompaniment.members.filter(
        user_id=access.user_id,
        kind__in=(TeamMember.Kind.REFERENT, TeamMember.Kind.METROPOLE, TeamMember.Kind.EXPERT),
    ).exists()


def is_commune_side(user, accompaniment) -> bool:
    """Works for the accompanied commune (`Access.is_commune_side`), or sits in the team on
    the commune's side."""
    access = get_access(user)
    return (
        access.is_commune_side(accompaniment.commune)
        or accompaniment.members.filter(
            user_id=access.user_id, kind=TeamMember.Kind.COMMUNE
        ).exists()
    )


def can_contribute(user, accompaniment) -> bool:
    """May write in the accompaniment (actions, meetings, messages, deliverables)."""
    return is_advisor(user, accompaniment) or is_commune_side(user, accompaniment)


def actions_visible_to(user):
    return Action.objects.filter(
        accompaniment__in=accompaniments_visible_to(user).values("pk")
    ).select_related("accompaniment__commune", "owner")


def expertise_requests_visible_to(user):
    access = get_access(user)
    qs = ExpertiseRequest.objects.select_related(
        "accompaniment__commune", "partner", "assigned_to", "requested_by"
    )
    if access.is_metropole_staff:
        return qs
    if not access.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(accompaniment__in=accompaniments_visible_to(user).values("pk"))
        | Q(partner_id__in=access.organisation_ids)
    ).distinct()


def resources_visible_to(user):
    """Published resources for everyone logged in; drafts and reviews for staff."""
    access = get_access(user)
    if access.is_metropole_staff:
        return Resource.objects.all()
    return Resource.objects.published()


def action_funding_links(actions, user=None) -> dict:
    """{action id: [{"label", "url", "state"}]}: what finances each action, as the funding
    modules contribute it (hook `programme_action_links`); {} when none is installed. Given
    the reader, a link's "url" is None where its page would refuse them."""
    ids = [action.pk for action in actions]
    links = {}
    for contribution in contributions("programme_action_links"):
        for pk, items in contribution(ids, user=user).items():
            links.setdefault(pk, []).extend(items)
    return links


# --- Help requests to the Métropole -------------------------------------------------------


def help_requests_visible_to(user):
    """Staff see every request, a commune's people theirs, a territory's agents those of its
    communes (read only)."""
    return visible(
        HelpRequest.objects.select_related("commune__territoire", "created_by", "handled_by"),
        user,
    )


# The staff's work queues: (slug, label, filter of the reader).
HELP_QUEUES = (
    ("a-traiter", "À traiter", lambda user: Q(state="open", awaiting="metropole")),
    ("suivies", "Suivies par moi", lambda user: Q(state="open", handled_by=user)),
    ("en-attente", "En attente de la commune", lambda user: Q(state="open", awaiting="commune")),
    ("closes", "Closes", lambda user: Q(state="closed")),
)


def help_queue(user, slug):
    """The requests of one queue, and the count of every queue (for the tabs)."""
    requests = help_requests_visible_to(user)
    counts = {key: requests.filter(condition(user)).count() for key, _, condition in HELP_QUEUES}
    condition = {key: c for key, _, c in HELP_QUEUES}.get(slug)
    chosen = requests.filter(condition(user)) if condition else requests
    return chosen, counts


def help_requests_to_answer_count() -> int:
    """The staff's home page: requests waiting for the Métropole."""
    return HelpRequest.objects.filter(state="open", awaiting="metropole").count()
