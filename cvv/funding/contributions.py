"""What the FIMACS fund adds to other modules' pages (see `cvv.core.plugins.contributions`):
the funding columns of the programme's dashboard and the links from an action of a plan to
the dossiers that finance it. The programme never imports this module's models."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from cvv.core.formatting import points
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


def commune_summary(commune, user):
    """The commune's FIMACS dossiers the reader may see: how many in each state, the aid
    granted and paid."""
    from django.urls import reverse
    from django.utils.formats import number_format

    from cvv.funding.selectors import dossiers_visible_to

    dossiers = list(dossiers_visible_to(user).filter(commune=commune))
    if not dossiers:
        return None
    by_state = defaultdict(int)
    for dossier in dossiers:
        by_state[dossier.get_state_display()] += 1
    aid = [d for d in dossiers if d.state in Dossier.AID_STATES]
    granted = sum(((d.final_amount or d.granted_amount or ZERO) for d in aid), ZERO)
    paid = sum((d.paid_total for d in aid), ZERO)
    facts = [{"label": state, "value": str(count)} for state, count in sorted(by_state.items())]
    facts += [
        {"label": "Aide accordée", "value": f"{number_format(granted, 2, force_grouping=True)} €"},
        {"label": "Aide versée", "value": f"{number_format(paid, 2, force_grouping=True)} €"},
    ]
    return {
        "key": "funding",
        "title": "Fonds FIMACS",
        "order": 30,
        "facts": facts,
        "links": [
            {
                "label": f"Dossier {d.reference} — {d.title}",
                "url": reverse("fimacs:dossier", args=[d.pk]),
            }
            for d in dossiers[:10]
        ],
        "data": {
            "dossiers": [
                {"id": d.pk, "reference": d.reference, "state": d.state} for d in dossiers
            ],
            "granted": str(granted),
            "paid": str(paid),
        },
    }


def annual_report_section(year, as_of):
    """FIMACS aid decided by `as_of`: by commune size class and by need quartile (the
    rebalancing the règlement aims at)."""
    from django.utils.formats import number_format

    from cvv.funding.stats import rebalancing

    figures = rebalancing(as_of=as_of)
    if not figures["dossiers"]:
        return None

    def money(value):
        return number_format(value, 0, force_grouping=True)

    def rows(groups):
        return [
            [
                group["label"],
                str(group["communes"]),
                money(group["aid"]),
                number_format(group["per_inhabitant"], 2),
            ]
            for group in groups.values()
        ]

    columns = ["Groupe", "Communes", "Aide (€)", "Aide par habitant (€)"]
    return {
        "title": "Fonds FIMACS",
        "order": 30,
        "paragraphs": [
            f"{figures['dossiers']} dossier(s) aidé(s) au {as_of:%d/%m/%Y} pour "
            f"{money(figures['total'])} € d’aide. Part des petites communes : "
            f"{points(figures['share_small'])} ; des communes fragiles : "
            f"{points(figures['share_fragile'])} ; "
            f"de l’une ou l’autre : {points(figures['share_small_or_fragile'])}."
        ],
        "tables": [
            {
                "title": "Par taille de commune",
                "columns": columns,
                "rows": rows(figures["by_size"]),
            },
            {
                "title": "Par quartile de besoin",
                "columns": columns,
                "rows": rows(figures["by_quartile"]),
            },
        ],
        "charts": [
            {
                "title": "Aide par habitant selon le quartile de besoin",
                "labels": [g["label"] for g in figures["by_quartile"].values()],
                "values": [g["per_inhabitant"] for g in figures["by_quartile"].values()],
                "unit": "€ par habitant",
            }
        ],
    }


FONCIERE_CATEGORIES = ("ACQUISITION", "TRAVAUX_LOCAUX")


def fonciere_fimacs_dossiers(commune) -> list:
    """The commune's FIMACS dossiers that may finance a foncière's operation (an expense
    line of category ACQUISITION or TRAVAUX_LOCAUX, not withdrawn nor refused), for the
    foncière's analysis: [{"id", "label", "state", "amount"}] where amount is the aid granted
    (final once known) or else requested. The foncière stores the id, never imports funding."""
    dossiers = (
        Dossier.objects.filter(commune=commune, expenses__category__in=FONCIERE_CATEGORIES)
        .exclude(state__in=[Dossier.State.WITHDRAWN, Dossier.State.REFUSED])
        .distinct()
        .order_by("reference")
    )
    return [
        {
            "id": dossier.pk,
            "label": str(dossier),
            "state": dossier.get_state_display(),
            "amount": dossier.final_amount
            if dossier.final_amount is not None
            else dossier.granted_amount
            if dossier.granted_amount is not None
            else dossier.requested_amount,
        }
        for dossier in dossiers
    ]
