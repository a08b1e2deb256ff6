from django.db.models import Count
from django.urls import reverse

from cvv.core.dashboard import Card
from cvv.core.formatting import number
from cvv.observatory import selectors
from cvv.observatory.models import DataImport, IndicatorRow, Survey


def cards(request, access):
    result = []
    latest = selectors.computation_for()
    codes = sorted(access.commune_codes)
    rows = (
        {
            r.code: r
            for r in IndicatorRow.objects.filter(
                computation=latest, level="commune", code__in=codes
            )
        }
        if latest and codes
        else {}
    )
    drafts_by_code = dict(
        Survey.objects.filter(commune__code__in=codes, state=Survey.State.DRAFT)
        .values("commune__code")
        .annotate(n=Count("pk"))
        .values_list("commune__code", "n")
        if codes
        else []
    )
    for code in codes:
        row = rows.get(code)
        lines = []
        if row:
            values = row.values
            lines = [
                ("Commerces de proximité", number(values.get("commerces_proximite")), ""),
                ("Solde ouvertures − fermetures", number(values.get("solde")), ""),
            ]
        drafts = drafts_by_code.get(code, 0)
        lines.append(("Relevés en cours de saisie", drafts, reverse("observatory:surveys")))
        result.append(
            Card(
                title="Observatoire de ma commune",
                order=30,
                lines=lines,
                text="données de démonstration" if latest and latest.synthetic else "",
                links=[
                    ("Indicateurs", reverse("observatory:commune", args=[code])),
                    ("Nouveau relevé de locaux", reverse("observatory:survey_new")),
                ],
            )
        )
    if access.is_metropole_staff:
        result.append(
            Card(
                title="Observatoire",
                order=60,
                lines=[
                    (
                        "Imports en cours",
                        DataImport.objects.filter(
                            status__in=[DataImport.Status.PENDING, DataImport.Status.RUNNING]
                        ).count(),
                        reverse("observatory:imports"),
                    ),
                    (
                        "Relevés à valider",
                        Survey.objects.filter(state=Survey.State.SUBMITTED).count(),
                        reverse("observatory:surveys"),
                    ),
                    (
                        "Dernière date calculée",
                        latest.reference_date.strftime("%d/%m/%Y") if latest else "—",
                        "",
                    ),
                ],
                links=[("Imports et calculs", reverse("observatory:imports"))],
            )
        )
    return result
