"""What the FIMACS fund adds to other modules' pages (see `cvv.core.plugins.contributions`):
the funding columns of the programme's dashboard and the links from an action of a plan to
the dossiers that finance it. The programme never imports this module's models."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from cvv.funding.models import Dossier
from cvv.programme.models import Accompaniment

ZERO = Decimal("0")


def programme_accompaniment_funding() -> dict:
    """{accompaniment id: (requested, granted)} from the FIMACS dossiers of the commune in
    the accompaniment's edition (requested: every dossier past the draft; granted: the
    committed ones, at their final amount once known)."""
    requested = (
        Dossier.objects.exclude(state__in=[Dossier.State.DRAFT, Dossier.State.WITHDRAWN])
        .values_list("commune_id", "edition_id")
        .annotate(total=Sum("requested_amount"))
    )
    granted = (
        Dossier.objects.filter(state__in=Dossier.COMMITTED_STATES)
        .values_list("commune_id", "edition_id")
        .annotate(total=Sum(Coalesce("final_amount", "granted_amount")))
    )
    totals = {}
    for commune_id, edition_id, total in requested:
        totals[(commune_id, edition_id)] = [total or ZERO, ZERO]
    for commune_id, edition_id, total in granted:
        totals.setdefault((commune_id, edition_id), [ZERO, ZERO])[1] = total or ZERO
    return {
        pk: tuple(totals[(commune_id, edition_id)])
        for pk, commune_id, edition_id in Accompaniment.objects.values_list(
            "pk", "commune_id", "edition_id"
        )
        if (commune_id, edition_id) in totals
    }


def programme_action_links(action_ids, user=None) -> dict:
    """{action id: [{"label", "url", "state"}]}: the dossiers financing each action. Given the
    reader, "url" is None for a dossier their dossier page would refuse (a partner expert on
    the team sees that the action is financed, not the commune's dossier)."""
    from cvv.funding.selectors import dossiers_visible_to

    dossiers = Dossier.objects.filter(action_id__in=list(action_ids))
    openable = None if user is None else set(dossiers_visible_to(user).values_list("pk", flat=True))
    links = defaultdict(list)
    for dossier in dossiers:
        may_open = openable is None or dossier.pk in openable
        links[dossier.action_id].append(
            {
                "label": str(dossier),
                "url": reverse("fimacs:dossier", args=[dossier.pk]) if may_open else None,
                "state": dossier.get_state_display(),
            }
        )
    return dict(links)
