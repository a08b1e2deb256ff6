"""The instructors' work queues of FIMACS dossiers, as in Démarches Numériques:

- « À suivre »: dossiers filed and not decided that no instructor follows yet;
- « Suivis par moi »: the dossiers I follow, not archived;
- « Traités »: decided dossiers (granted and after, refused, withdrawn, lapsed), not archived;
- « Archivés »: handled dossiers put away;
- « Tous »: every dossier the reader sees.

Drafts are the commune's and never in a queue. Each queue is a filter on the scoped
selector `dossiers_visible_to`, so a count and the list it links to agree by construction.
"""

from django.db.models import Count, Exists, OuterRef, Q

from cvv.funding.models import Dossier, DossierArchive, DossierFollower

S = Dossier.State
# Filed and waiting for a decision of the instruction or the committee.
PENDING_STATES = (
    S.SUBMITTED,
    S.COMPLETION_REQUESTED,
    S.RESUBMITTED,
    S.UNDER_INSTRUCTION,
    S.READY_FOR_COMMITTEE,
    S.DEFERRED,
)
HANDLED_STATES = tuple(s for s in S if s not in PENDING_STATES and s != S.DRAFT)

# (slug in ?file=, French label)
QUEUES = [
    ("a-suivre", "À suivre"),
    ("suivis", "Suivis par moi"),
    ("traites", "Traités"),
    ("archives", "Archivés"),
    ("tous", "Tous"),
]
LABELS = dict(QUEUES)


def _annotated(dossiers, user):
    return dossiers.annotate(
        _followed=Exists(DossierFollower.objects.filter(dossier=OuterRef("pk"))),
        _mine=Exists(DossierFollower.objects.filter(dossier=OuterRef("pk"), user_id=user.pk)),
        _archived=Exists(DossierArchive.objects.filter(dossier=OuterRef("pk"))),
    )


def queue_q(queue) -> Q:
    """The condition of one queue on a queryset annotated by `_annotated`."""
    return {
        "a-suivre": Q(state__in=PENDING_STATES, _followed=False, _archived=False),
        "suivis": Q(_mine=True, _archived=False) & ~Q(state=S.DRAFT),
        "traites": Q(state__in=HANDLED_STATES, _archived=False),
        "archives": Q(_archived=True),
        "tous": Q(),
    }[queue]


def in_queue(dossiers, user, queue):
    """The dossiers of `dossiers` (already scoped to `user`) in `queue`."""
    if queue not in LABELS:
        raise KeyError(queue)
    return _annotated(dossiers, user).filter(queue_q(queue))


def queue_counts(dossiers, user) -> dict:
    """{queue slug: count} in one query."""
    annotated = _annotated(dossiers, user)
    totals = annotated.aggregate(
        **{slug.replace("-", "_"): Count("pk", filter=queue_q(slug)) for slug, _ in QUEUES}
    )
    return {slug: totals[slug.replace("-", "_")] for slug, _ in QUEUES}
