from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cvv.core.downloads import file_response
from cvv.core.forms import AccessibleForm, BoundedDateField
from cvv.organisations.access import staff_required
from cvv.synthesis import report, report_odt, report_pdf, selectors

ODT = "application/vnd.oasis.opendocument.text"


class AnnualReportForm(AccessibleForm):
    year = forms.IntegerField(label="Année", min_value=2020, max_value=2100)
    as_of = BoundedDateField(
        label="Données arrêtées au",
        required=False,
        help_text="Par défaut la fin de l’année (ou aujourd’hui pour l’année en cours) : "
        "un rapport passé se régénère à l’identique.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    format = forms.ChoiceField(
        label="Format", choices=[("pdf", "PDF"), ("odt", "ODT (modifiable)")]
    )


def commune_summary(request, code):
    commune = get_object_or_404(selectors.communes_for_summary(request.user), code=code)
    return render(
        request,
        "synthesis/commune.html",
        {"commune": commune, "blocks": selectors.commune_blocks(commune, request.user)},
    )


@staff_required
def annual_report(request):
    """The yearly report, downloaded as ODT or PDF for a year and a date of record."""
    today = timezone.localdate()
    form = AnnualReportForm(request.GET or None, initial={"year": today.year})
    if request.GET and form.is_valid():
        year, as_of, fmt = (form.cleaned_data[k] for k in ("year", "as_of", "format"))
        try:
            built = report.build(year, as_of)
        except ValueError as exc:
            form.add_error("as_of", str(exc))
        else:
            renderer = report_pdf.render if fmt == "pdf" else report_odt.render
            content_type = "application/pdf" if fmt == "pdf" else ODT
            return file_response(
                renderer(built),
                filename=f"rapport-annuel-{year}-{built['as_of']:%Y%m%d}.{fmt}",
                content_type=content_type,
            )
    return render(
        request,
        "synthesis/annual_report.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
