from django.urls import reverse

from cvv.core.dashboard import Card
from cvv.observatory.models import Computation, DataImport, IndicatorRow, Survey


def cards(request, access):
    result = []
    latest = Computation.objects.order_by("-reference_date").first()
    for code in sorted(access.commune_codes):
        row = (
            IndicatorRow.objects.filter(computation=latest, level="commune", code=code).first()
            if latest
            else None
        )
        lines = []
        if row:
            values = row.values
            lines = [
                ("Commerces de proximité", values.get("commerces_proximite"), ""),
                ("Solde ouvertures − fermetures", values.get("solde"), ""),
            ]
        drafts = Survey.objects.filter(commune__code=code, state=Survey.State.DRAFT).count()
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
