"""Programme dashboard (staff), reminders preferences and notifications."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from cvv.core.exports import FORMATS, table_response
from cvv.core.forms import small_number
from cvv.organisations.access import staff_required
from cvv.programme.dashboard_data import EXPORT_COLUMNS, dashboard_rows, export_rows
from cvv.programme.models import Edition
from cvv.programme.services import reminders as services
from cvv.www.programme_views.forms import PreferencesForm

HEALTH_STYLES = {
    "ok": {"color": "#1e6b35", "weight": 1, "fillColor": "#4caf6e", "fillOpacity": 0.55},
    "warn": {"color": "#8a5a00", "weight": 1, "fillColor": "#f0b429", "fillOpacity": 0.6},
    "alert": {"color": "#8b0000", "weight": 2, "fillColor": "#d64545", "fillOpacity": 0.6},
}


def _edition(request):
    number = small_number(request.GET.get("edition", ""))
    if number is not None:
        return Edition.objects.filter(number=number).first()
    return None


@staff_required
def dashboard(request):
    edition = _edition(request)
    rows = dashboard_rows(edition)
    features = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": row.accompaniment.commune.contour,
                "properties": {
                    "code": str(row.accompaniment.pk),
                    "label": f"{row.accompaniment.commune.nom} — "
                    f"{row.accompaniment.get_phase_display()} — santé : {row.health_label}",
                    "_style": HEALTH_STYLES[row.health],
                },
            }
            for row in rows
        ],
    }
    return render(
        request,
        "programme/dashboard.html",
        {
            "rows": rows,
            "features": features,
            "editions": Edition.objects.all(),
            "edition": edition,
            "totals": {
                "count": len(rows),
                "alerts": sum(1 for r in rows if r.health != "ok"),
                "budget": sum(r.planned_budget for r in rows),
                "requested": sum(r.funding_requested for r in rows),
                "granted": sum(r.funding_granted for r in rows),
            },
        },
    )


@staff_required
def dashboard_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404("Format inconnu : csv, csv-excel, xlsx ou ods.")
    edition = _edition(request)
    rows = list(export_rows(dashboard_rows(edition)))
    stem = f"accompagnements-edition-{edition.number}" if edition else "accompagnements"
    return table_response(EXPORT_COLUMNS, rows, fmt, stem)


def reminder_preferences(request):
    preference = services.preferences_of(request.user)
    form = PreferencesForm(
        request.POST or None,
        initial={
            "overdue_action": preference.overdue_action,
            "overdue_expertise": preference.overdue_expertise,
            "inactive_accompaniment": preference.inactive_accompaniment,
            "by_email": preference.by_email,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=request.user, actor=request.user, **form.cleaned_data)
        messages.success(request, "Vos préférences de relance sont enregistrées.")
        return redirect("programme:reminder_preferences")
    return render(
        request,
        "programme/reminders.html",
        {
            "form": form,
            "notifications": request.user.programme_notifications.all()[:50],
            "unread": request.user.programme_notifications.filter(read_at__isnull=True).count(),
        },
    )
