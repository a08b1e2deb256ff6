"""The foncière's portfolio, scoped like the rest of the foncière (the foncière and the
Métropole's staff everything, a commune's people their commune's): acquisitions still held
with their premises, lease, rent, works; the dashboard's figures; the sold premises with
their result."""

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Sum
from django.shortcuts import get_object_or_404

from cvv.fonciere import indexation, selectors
from cvv.fonciere.models import Acquisition, Lease, OpportunityAnalysis
from cvv.fonciere.models_portfolio import PortfolioTarget, Sale, Works

ZERO = Decimal("0")


def acquisitions_visible_to(user):
    return selectors._scope(
        Acquisition.objects.select_related("premises", "commune", "opportunity"), user
    )


def acquisition_for_view(user, pk):
    return get_object_or_404(acquisitions_visible_to(user), pk=pk)


def current_rent(lease, today, values):
    """The indexed annual rent of a lease today (the last computable step when an index
    quarter is not published yet)."""
    day = max(min(today, lease.end), lease.start)
    try:
        return indexation.index_rent(
            partial=True,
            index=lease.index,
            rent=lease.rent,
            start=lease.start,
            reference_quarter=indexation.parse_quarter(lease.reference_quarter),
            on=day,
            sme=lease.tenant_sme and lease.kind == "commercial",
            values=values,
        ).rent
    except indexation.IndexationError:
        return lease.rent


def portfolio_rows(user, *, today=None):
    """One dict per premises held (acquired and not sold): its figures for the table and
    the export."""
    today = today or dt.date.today()
    values = selectors.index_values()
    acquisitions = (
        acquisitions_visible_to(user)
        .exclude(sales__state="vendue")
        .prefetch_related(
            Prefetch("works", queryset=Works.objects.order_by("pk")),
            "insurance_policies",
            "property_taxes",
        )
    )
    active = {
        lease.premises_id: lease
        for lease in Lease.objects.filter(
            state="en_cours", premises__in=[a.premises_id for a in acquisitions]
        ).order_by("start")
    }
    analyses = dict(
        OpportunityAnalysis.objects.filter(
            opportunity__in=[a.opportunity_id for a in acquisitions if a.opportunity_id]
        ).values_list("opportunity_id", "target_rent")
    )
    arrears = Counter()
    for call, due, _days in selectors.arrears(user, today=today):
        arrears[call.lease.premises_id] += due
    rows = []
    for acquisition in acquisitions:
        premises = acquisition.premises
        lease = active.get(premises.pk)
        works = list(acquisition.works.all())
        works_cost = sum((w.actual_cost for w in works), ZERO)
        invested = acquisition.price + acquisition.costs + works_cost
        rent = current_rent(lease, today, values) if lease else ZERO
        rows.append(
            {
                "acquisition": acquisition,
                "id": acquisition.pk,
                "commune": acquisition.commune.nom,
                "insee": acquisition.commune.code,
                "address": premises.address,
                "status": premises.get_status_display(),
                "status_code": premises.status,
                "deed_on": acquisition.deed_on,
                "invested": invested,
                "occupied": lease is not None,
                "tenant": lease.tenant_name if lease else "",
                "rent": rent,
                "gross_yield": (rent / invested) if invested else None,
                "arrears": arrears.get(premises.pk, ZERO),
                "owner_costs": owner_costs(acquisition, today),
                "works_in_progress": sum(1 for w in works if w.state == "en_cours"),
                "works_budget": sum((w.budget for w in works if w.state != "termines"), ZERO),
                "synthetic": acquisition.synthetic,
                "area_m2": premises.sales_area_m2 or ZERO,
                "target_rent": analyses.get(acquisition.opportunity_id),
                "lon": premises.lon,
                "lat": premises.lat,
            }
        )
    _potential_rents(rows)
    return rows


def owner_costs(acquisition, today):
    """The yearly costs the foncière bears on a premises: the premiums of the policies in
    force today and the last recorded taxe foncière when it is not re-invoiced."""
    premiums = sum(
        (p.premium for p in acquisition.insurance_policies.all() if p.in_force(today)), ZERO
    )
    taxes = sorted(acquisition.property_taxes.all(), key=lambda t: t.year)
    tax = taxes[-1] if taxes and not taxes[-1].reinvoiced else None
    return premiums + (tax.amount if tax else ZERO)


def _potential_rents(rows):
    """The rent each premises could bring: its indexed rent when let; when vacant, the
    target rent of its analysis, else its sales area at the median rent per m² of the let
    premises (no estimate without either)."""
    per_m2 = sorted(r["rent"] / r["area_m2"] for r in rows if r["occupied"] and r["area_m2"])
    median = per_m2[len(per_m2) // 2] if per_m2 else None
    for r in rows:
        if r["occupied"]:
            r["potential_rent"] = r["rent"]
        elif r["target_rent"] is not None:
            r["potential_rent"] = r["target_rent"]
        elif median is not None and r["area_m2"]:
            r["potential_rent"] = (median * r["area_m2"]).quantize(Decimal("1"))
        else:
            r["potential_rent"] = None


def targets_history():
    """The targets saved by the foncière's managers, the latest (the one in force) first."""
    return PortfolioTarget.objects.select_related("set_by").order_by("-set_at", "-pk")


def current_targets():
    """The targets in force: the latest saved by the foncière's managers, else the
    platform's defaults (settings.FONCIERE_TARGETS, env FONCIERE_TARGET_*). `saved` is the
    row (who set them, when, on which decision) or None for the defaults."""
    saved = targets_history().first()
    if saved is not None:
        return {
            "premises": saved.premises,
            "invested": saved.invested,
            "area_m2": saved.area_m2,
            "start": saved.start,
            "years": saved.years,
            "saved": saved,
        }
    conf = settings.FONCIERE_TARGETS
    return {
        "premises": int(conf["premises"]),
        "invested": Decimal(conf["invested"]),
        "area_m2": Decimal(conf["area_m2"]) if conf["area_m2"] else None,
        "start": dt.date.fromisoformat(conf["start"]),
        "years": int(conf["years"]),
        "saved": None,
    }


def targets_progress(summary, *, today=None):
    """Progress against the foncière's targets (`current_targets`: the latest saved, else
    the settings): achieved, target, share achieved and the share of the period elapsed
    (the linear pace)."""
    today = today or dt.date.today()
    conf = current_targets()
    start = conf["start"]
    end = _add_years(start, conf["years"])
    elapsed = min(max((today - start).days / (end - start).days, 0), 1)
    lines = [
        ("Locaux acquis et détenus", summary["held"], Decimal(conf["premises"]), "number"),
        ("Montant investi (€)", summary["invested"], Decimal(conf["invested"]), "money"),
    ]
    if conf["area_m2"]:
        lines.append(
            ("Surface de vente (m²)", summary["area_m2"], Decimal(conf["area_m2"]), "number")
        )
    else:
        lines.append(("Surface de vente (m²)", summary["area_m2"], None, "number"))
    return {
        "start": start,
        "end": end,
        "elapsed": Decimal(str(round(elapsed, 4))),
        "premises": conf["premises"],
        "invested": conf["invested"],
        "area_m2": conf["area_m2"],
        "years": conf["years"],
        "saved": conf["saved"],
        "lines": [
            {
                "label": label,
                "achieved": achieved,
                "target": target,
                "share": (Decimal(achieved) / target) if target else None,
                "kind": kind,
            }
            for label, achieved, target, kind in lines
        ],
    }


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def map_points(rows):
    """The held premises that have a position, as GeoJSON points (the label is text:
    `cvv/map.js` writes it with textContent)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                "properties": {
                    "code": str(r["id"]),
                    "label": f"{r['address']}, {r['commune']} — {r['status']}",
                },
            }
            for r in rows
            if r["lon"] is not None and r["lat"] is not None
        ],
    }


def portfolio_summary(rows):
    held = len(rows)
    invested = sum((r["invested"] for r in rows), ZERO)
    rent_roll = sum((r["rent"] for r in rows), ZERO)
    occupied = sum(1 for r in rows if r["occupied"])
    by_status = Counter(r["status"] for r in rows)
    potential = sum((r.get("potential_rent") or ZERO for r in rows), ZERO)
    return {
        "held": held,
        "by_status": sorted(by_status.items()),
        "occupied": occupied,
        "occupancy": Decimal(occupied) / held if held else None,
        "rent_roll": rent_roll,
        "potential_rent": potential,
        "financial_occupancy": rent_roll / potential if potential else None,
        "unestimated": sum(1 for r in rows if r.get("potential_rent") is None),
        "area_m2": sum((r["area_m2"] for r in rows), ZERO),
        "invested": invested,
        "gross_yield": rent_roll / invested if invested else None,
        "arrears": sum((r["arrears"] for r in rows), ZERO),
        "owner_costs": sum((r["owner_costs"] for r in rows), ZERO),
        "works_in_progress": sum(r["works_in_progress"] for r in rows),
        "works_budget": sum((r["works_budget"] for r in rows), ZERO),
    }


def sold_visible_to(user):
    return selectors._scope(
        Sale.objects.filter(state="vendue").select_related("acquisition__premises", "commune"),
        user,
    ).order_by("-deed_on")


def sold_total(user):
    return sold_visible_to(user).aggregate(gain=Sum("capital_gain"), price=Sum("price"))


EXPORT_COLUMNS = [
    ("id", "N° d’acquisition"),
    ("insee", "Code INSEE"),
    ("commune", "Commune"),
    ("address", "Adresse"),
    ("status", "Statut du local"),
    ("deed_on", "Acquis le"),
    ("invested", "Coût de revient (€)"),
    ("tenant", "Preneur"),
    ("area_m2", "Surface de vente (m²)"),
    ("rent", "Loyer annuel indexé (€)"),
    ("potential_rent", "Loyer potentiel (€)"),
    ("gross_yield", "Rendement brut"),
    ("arrears", "Impayés (€)"),
    ("owner_costs", "Assurances et taxe foncière à la charge du propriétaire (€ par an)"),
    ("works_in_progress", "Travaux en cours"),
    ("works_budget", "Budget des travaux non réceptionnés (€)"),
    ("synthetic", "Données de démonstration"),
]
