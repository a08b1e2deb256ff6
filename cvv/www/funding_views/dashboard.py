"""Rebalancing dashboard (public: the Métropole shows the promise is kept) and the simulation
of a règlement version on the current dossiers (Métropole staff)."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render

from cvv.funding.models import Envelope, Reglement
from cvv.funding.stats import rebalancing, simulate
from cvv.organisations.access import staff_required
from cvv.programme.selectors import current_edition


def _scale(value, maximum):
    if not maximum:
        return "#eef2f7"
    ratio = float(value / maximum)
    shades = ["#eef2f7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
    return (
        shades[min(int(ratio * (len(shades) - 1) + 0.999), len(shades) - 1)] if value else shades[0]
    )


@login_not_required
def rebalancing_view(request):
    data = rebalancing()
    maximum = max((row["per_inhabitant"] for row in data["rows"]), default=0)
    features = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": row["commune"].contour,
                "properties": {
                    "code": row["commune"].code,
                    "label": f"{row['commune'].nom} : {row['per_inhabitant']} € / hab.",
                    "_style": {
                        "color": "#003b80",
                        "weight": 1,
                        "fillOpacity": 0.8,
                        "fillColor": _scale(row["per_inhabitant"], maximum),
                    },
                },
            }
            for row in data["rows"]
        ],
    }
    charts = {
        "size": {
            "labels": [g["label"] for g in data["by_size"].values()],
            "values": [float(g["per_inhabitant"]) for g in data["by_size"].values()],
        },
        "quartile": {
            "labels": [g["label"] for g in data["by_quartile"].values()],
            "values": [float(g["per_inhabitant"]) for g in data["by_quartile"].values()],
        },
    }
    return render(
        request,
        "funding/rebalancing.html",
        {
            "data": data,
            "features": features,
            "charts": charts,
            "aided_rows": [row for row in data["rows"] if row["aid"]],
        },
    )


@staff_required
def simulation(request):
    reglements = Reglement.objects.order_by("-effective_from", "code")
    code = request.GET.get("reglement") or ""
    candidate = (
        get_object_or_404(Reglement, code=code)
        if code
        else (
            reglements.filter(status=Reglement.Status.DRAFT).first() or Reglement.objects.current()
        )
    )
    edition = current_edition()
    result, error = None, ""
    if candidate is not None:
        try:
            result = simulate(candidate, edition)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    envelope_total = (
        sum((e.amount for e in Envelope.objects.filter(edition=edition)), start=0) if edition else 0
    )
    return render(
        request,
        "funding/simulation.html",
        {
            "reglements": reglements,
            "candidate": candidate,
            "result": result,
            "edition": edition,
            "envelope_total": envelope_total,
            "error": error,
        },
    )
