"""Public pages of the observatory (no login): map, table, commune page, methodology,
sources and downloads."""

import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from cvv.core.downloads import file_response
from cvv.core.exports import FORMAT_LABELS, table_response
from cvv.observatory import exports, selectors, surveys
from cvv.observatory.indicators import COLUMN_NAMES
from cvv.observatory.models import Computation, DataImport, IndicatorRow
from cvv.observatory.nomenclature import (
    CATEGORIES,
    CATEGORY_LABELS,
    NOMENCLATURE_LABELS,
    mapping_rows,
)
from cvv.observatory.schema import SURVEY_COLUMNS
from cvv.organisations.access import get_access
from cvv.territories import selectors as territory_selectors
from cvv.territories.models import Commune
from cvv.www.observatory_views import mapping
from cvv.www.observatory_views.formatting import display, formatter, label_of, map_choices

LEVELS = IndicatorRow.Level
TABLE_COLUMNS = [
    "population",
    "commerces_proximite",
    "densite_commerciale",
    "ouvertures",
    "fermetures",
    "solde",
    "taux_rotation",
    "indice_diversite",
    "taux_vacance",
    "indice_besoin",
]


def _date(request, dates):
    raw = request.GET.get("date", "")
    if raw:
        try:
            value = dt.date.fromisoformat(raw)
        except ValueError:
            raise Http404("Date invalide.") from None
        if value not in dates:
            raise Http404("Pas d’indicateurs à cette date.")
        return value
    return dates[0] if dates else None


def _choice(value, allowed, default):
    return value if value in allowed else default


@login_not_required
def index(request):
    dates = selectors.reference_dates()
    reference_date = _date(request, dates)
    choices = map_choices()
    indicator = _choice(request.GET.get("indicateur"), dict(choices), "densite_commerciale")
    context = {"dates": dates, "reference_date": reference_date, "choices": choices}
    context["indicator"] = indicator
    context["indicator_label"] = dict(choices)[indicator]
    if reference_date is None:
        return render(request, "observatory/index.html", {**context, "computation": None})
    computation = selectors.computation_for(reference_date)
    rows = selectors.rows(LEVELS.COMMUNE, reference_date)
    legend = mapping.classes([r.values.get(indicator) for r in rows])
    fmt = formatter(indicator)
    for item in legend:
        item["label"] = f"{fmt(item['low'])} à {fmt(item['high'])}"
    contours = dict(Commune.objects.values_list("code", "contour"))
    context.update(
        computation=computation,
        features=mapping.features(rows, contours, indicator, legend, fmt),
        legend=legend,
        table=[
            (r, display(indicator, r.values.get(indicator)), r.values.get(indicator)) for r in rows
        ],
        link_template=reverse("observatory:commune", args=["CODE"]).replace("CODE", "{code}"),
    )
    return render(request, "observatory/index.html", context)


@login_not_required
def table(request):
    dates = selectors.reference_dates()
    reference_date = _date(request, dates)
    level = _choice(request.GET.get("niveau"), LEVELS.values, LEVELS.COMMUNE)
    sort = _choice(request.GET.get("tri", "").lstrip("-"), ["nom", *TABLE_COLUMNS], "nom")
    descending = request.GET.get("tri", "").startswith("-")
    rows = selectors.rows(level, reference_date) if reference_date else []

    def key(row):
        value = row.nom if sort == "nom" else row.values.get(sort)
        return (value is None, value if value is not None else 0)

    rows.sort(key=key, reverse=descending)
    if descending:  # keep empty values last
        rows.sort(key=lambda r: (r.nom if sort == "nom" else r.values.get(sort)) is None)
    columns = [
        {
            "name": name,
            "label": label_of(name),
            "sort": f"-{name}" if sort == name and not descending else name,
            "aria": ("descending" if descending else "ascending") if sort == name else "none",
        }
        for name in TABLE_COLUMNS
    ]
    body = [(r, [display(c, r.values.get(c)) for c in TABLE_COLUMNS]) for r in rows]
    return render(
        request,
        "observatory/table.html",
        {
            "dates": dates,
            "reference_date": reference_date,
            "level": level,
            "levels": LEVELS.choices,
            "columns": columns,
            "body": body,
            "sort": sort,
            "descending": descending,
            "name_sort": "-nom" if sort == "nom" and not descending else "nom",
            "computation": selectors.computation_for(reference_date) if reference_date else None,
        },
    )


def _series_chart(history, names):
    return {
        "labels": [r.reference_date.isoformat() for r in history],
        "datasets": [
            {"label": label_of(name), "data": [r.values.get(name) for r in history]}
            for name in names
        ],
    }


@login_not_required
def commune(request, code):
    commune = get_object_or_404(Commune.objects.select_related("territoire"), code=code)
    history = selectors.series(LEVELS.COMMUNE, commune.code)
    latest = history[-1] if history else None
    context = {"commune": commune, "latest": latest, "history": history}
    if latest is not None:
        peers = selectors.peer_comparison(commune, latest.reference_date, TABLE_COLUMNS[1:])
        comparison = [
            (
                label_of(name),
                display(name, latest.values.get(name)),
                display(name, everyone),
                display(name, same_size),
            )
            for name, (everyone, same_size) in peers.medians.items()
        ]
        categories = [(label, latest.values.get(f"part_{slug}")) for slug, label in CATEGORIES]
        context.update(
            comparison=comparison,
            size_label=peers.size_label,
            peers=peers.peers,
            categories=[(label, display("part_", v)) for label, v in categories],
            charts={
                "commerces": _series_chart(history, ["commerces_proximite"]),
                "flux": _series_chart(history, ["ouvertures", "fermetures"]),
                "densite": _series_chart(history, ["densite_commerciale"]),
                "vacance": _series_chart(history, ["taux_vacance"]),
                "categories": {
                    "labels": [label for label, _ in categories],
                    "datasets": [
                        {"label": "Part des commerces", "data": [v for _, v in categories]}
                    ],
                },
            },
            latest_values=[(label_of(n), display(n, latest.values.get(n))) for n in COLUMN_NAMES],
            synthetic=latest.computation.synthetic,
        )
    perimeters = territory_selectors.current_perimeters(commune)
    items = [centralite for centralite, _ in perimeters]
    rows_by_code = (
        {
            row.code: row
            for row in IndicatorRow.objects.filter(
                level=LEVELS.CENTRALITE,
                code__in=[str(c.pk) for c in items],
                reference_date=latest.reference_date,
            )
        }
        if latest
        else {}
    )
    centralites = [(c, v, rows_by_code.get(str(c.pk))) for c, v in perimeters]
    access = get_access(request.user)
    context.update(
        can_edit=access.is_authenticated and access.can_edit_commune(commune),
        centralites=[
            (
                c,
                v,
                [(label_of(n), display(n, row.values.get(n))) for n in TABLE_COLUMNS[1:]]
                if row
                else [],
                (
                    row.values.get("etablissements_non_localises"),
                    row.values.get("part_non_localisee"),
                )
                if row
                else (None, None),
            )
            for c, v, row in centralites
        ],
        contour=commune.contour,
        perimeters=territory_selectors.perimeter_features(perimeters),
    )
    return render(request, "observatory/commune.html", context)


@login_not_required
def methodology(request):
    return render(
        request,
        "observatory/methodology.html",
        {
            "mapping": [
                {
                    **row,
                    "nomenclature_label": NOMENCLATURE_LABELS.get(
                        row["nomenclature"], row["nomenclature"]
                    ),
                    "categorie_label": CATEGORY_LABELS.get(row["categorie"], row["categorie"]),
                }
                for row in mapping_rows()
            ],
            "categories": CATEGORIES,
        },
    )


@login_not_required
def sources(request):
    return render(
        request,
        "observatory/sources.html",
        {
            "imports": selectors.public_imports(),
            "computations": selectors.reference_dates(),
            "kinds": DataImport.Kind,
        },
    )


@login_not_required
def downloads(request):
    dates = selectors.reference_dates()
    synthetic = dict(Computation.objects.values_list("reference_date", "synthetic"))
    links = []
    for date in dates[:6]:
        for level, label in LEVELS.choices:
            links.append(
                (
                    date,
                    label,
                    synthetic.get(date, False),
                    [
                        (
                            FORMAT_LABELS.get(fmt, fmt.upper()),
                            f"{reverse('observatory:download')}?niveau={level}&date={date}&format={fmt}",
                        )
                        for fmt in exports.FORMATS
                    ],
                )
            )
    return render(request, "observatory/downloads.html", {"links": links, "dates": dates})


@login_not_required
def download(request):
    level = request.GET.get("niveau", "")
    fmt = request.GET.get("format", "")
    if level not in LEVELS.values or fmt not in exports.FORMATS:
        raise Http404("Niveau ou format inconnu.")
    try:
        reference_date = dt.date.fromisoformat(request.GET.get("date", ""))
        rows = exports.rows_for(level, reference_date)
    except (ValueError, exports.NoIndicators):
        raise Http404("Pas d’indicateurs pour ce niveau à cette date.") from None
    stem = f"observatoire_{level}_{reference_date.isoformat()}"
    if rows[0].computation.synthetic:
        stem += "_donnees-de-demonstration"
    if fmt == "geojson":
        import json

        return file_response(
            json.dumps(exports.geojson(level, rows), ensure_ascii=False).encode(),
            filename=f"{stem}.geojson",
            content_type=exports.CONTENT_TYPES["geojson"],
        )
    return table_response(exports.table_columns(), [exports.flat(r) for r in rows], fmt, stem)


@login_not_required
def survey_template(request, fmt):
    if fmt not in {"csv", "xlsx"}:
        raise Http404("Format inconnu.")
    columns = [(c, c) for c in SURVEY_COLUMNS]
    return table_response(columns, surveys.template_rows(), fmt, "modele_releve_locaux")
