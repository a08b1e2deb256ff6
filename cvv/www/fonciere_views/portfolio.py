"""Pages of the foncière's portfolio: the dashboard (premises held by status, occupancy,
rent roll, gross yield, arrears, works in progress, sold premises with their result),
exportable; an acquired premises with its works and its sale."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cvv.core.exports import FORMAT_LABELS, FORMATS, table_response
from cvv.fonciere import (
    deadlines,
    selectors,
    selectors_portfolio,
    services_letting,
    services_portfolio,
)
from cvv.fonciere.selectors import READERS
from cvv.fonciere.workflows import MANAGERS
from cvv.fonciere.workflows_chain import SALE_WORKFLOW
from cvv.organisations.access import get_access, role_required
from cvv.www.errors import service_errors, show_errors
from cvv.www.fonciere_views.forms_chain import (
    ApplicationForm,
    ApplicationLeaseForm,
    ApplicationOpinionForm,
    InsuranceForm,
    LettingChoiceForm,
    SaleOfferForm,
    SaleStepForm,
    TargetsForm,
    TaxForm,
    WorksForm,
    WorksStepForm,
)

readers_only = role_required(*READERS)
managers_only = role_required(*MANAGERS)


@readers_only
def portfolio(request):
    rows = selectors_portfolio.portfolio_rows(request.user)
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in FORMATS:
            return HttpResponseBadRequest("Format inconnu.")
        return table_response(
            selectors_portfolio.EXPORT_COLUMNS, rows, fmt, "portefeuille_fonciere"
        )
    summary = selectors_portfolio.portfolio_summary(rows)
    return render(
        request,
        "fonciere/portfolio.html",
        {
            "rows": rows,
            "summary": summary,
            "targets": selectors_portfolio.targets_progress(summary),
            "points": selectors_portfolio.map_points(rows),
            "link_template": reverse("fonciere:acquisition", args=[0]).replace("/0/", "/{code}/"),
            "sold": selectors_portfolio.sold_visible_to(request.user),
            "formats": FORMAT_LABELS.items(),
            "can_set_targets": selectors.is_manager(request.user),
        },
    )


@managers_only
def portfolio_targets(request):
    """The foncière's targets (the foncière and the Métropole's staff): GET the form with
    the targets in force and the history of the decisions; POST records new targets."""
    current = selectors_portfolio.current_targets()
    status = 200
    if request.method == "POST":
        form = TargetsForm(request.POST, prefix="objectifs")
        status = 400
        if form.is_valid():
            with service_errors(request, form=form):
                target = services_portfolio.targets_set(actor=request.user, **form.cleaned_data)
                messages.success(
                    request,
                    f"Objectifs du portefeuille enregistrés : {target.premises} locaux en "
                    f"{target.years} ans à partir du {target.start:%d/%m/%Y}.",
                )
                return redirect("fonciere:portfolio")
    else:
        form = TargetsForm(
            prefix="objectifs",
            initial={k: current[k] for k in ("premises", "invested", "area_m2", "start", "years")},
        )
    return render(
        request,
        "fonciere/portfolio_targets.html",
        {
            "form": form,
            "current": current,
            "history": selectors_portfolio.targets_history(),
        },
        status=status,
    )


ACTIONS = {
    "works",
    "works_start",
    "works_progress",
    "works_finish",
    "sale_offer",
    "sale_accept",
    "sale_decline",
    "sale_complete",
    "insurance",
    "tax",
}
LETTING = {
    "apply": "apply",
    "letting_opinion": "opinion",
    "letting_choose": "choose",
    "letting_lease": "lease",
}


@readers_only
def acquisition(request, pk):
    """GET: the acquired premises, its works and its sale. POST `action` (the foncière and
    the Métropole's staff): works, works_start/progress/finish, sale_offer,
    sale_accept/decline/complete."""
    acquisition = selectors_portfolio.acquisition_for_view(request.user, pk)
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "") if post is not None else ""
    works = list(acquisition.works.order_by("pk"))
    live_sale = acquisition.sales.exclude(state="refusee").first()
    bound = post if action in ACTIONS else None
    forms = {
        "works": WorksForm(bound if action == "works" else None, prefix="works"),
        "step": WorksStepForm(
            bound if action.startswith("works_") else None,
            prefix="step",
            works=[w for w in works if w.state != "termines"],
            initial={"on": dt.date.today()},
        ),
        "insurance": InsuranceForm(
            bound if action == "insurance" else None,
            prefix="insurance",
            initial={"starts_on": acquisition.deed_on},
        ),
        "tax": TaxForm(
            bound if action == "tax" else None,
            prefix="tax",
            initial={"year": dt.date.today().year},
        ),
        "offer": SaleOfferForm(
            bound if action == "sale_offer" else None,
            prefix="offer",
            initial={"offered_on": dt.date.today()},
        ),
        "sale": SaleStepForm(
            bound if action.startswith("sale_") and action != "sale_offer" else None,
            prefix="sale",
            initial={"on": dt.date.today()},
        ),
    }
    applications = list(acquisition.applications.order_by("received_on", "pk"))
    pending = [a for a in applications if a.state == "recue"]
    chosen = next((a for a in applications if a.state == "retenue"), None)
    letting = post if action in LETTING else None
    forms.update(
        {
            "apply": ApplicationForm(
                letting if action == "apply" else None,
                prefix="apply",
                initial={"received_on": dt.date.today()},
            ),
            "opinion": ApplicationOpinionForm(
                letting if action == "letting_opinion" else None,
                prefix="opinion",
                applications=pending,
            ),
            "choose": LettingChoiceForm(
                letting if action == "letting_choose" else None,
                prefix="choose",
                applications=pending,
                initial={"held_on": dt.date.today()},
            ),
            "lease": ApplicationLeaseForm(
                letting if action == "letting_lease" else None,
                prefix="lease",
                initial={"rent": chosen.proposed_rent} if chosen else None,
            ),
        }
    )
    status = 200
    if post is not None:
        if action in LETTING:
            status = _letting_post(request, action, acquisition, forms[LETTING[action]], chosen)
        elif not selectors.is_manager(request.user):
            raise PermissionDenied("Réservé à la foncière et aux services de la Métropole.")
        else:
            status = _post(request, acquisition, action, forms, works, live_sale)
        if status is None:
            return redirect("fonciere:acquisition", pk=acquisition.pk)
    return render(
        request,
        "fonciere/acquisition.html",
        {
            "acquisition": acquisition,
            "works": works,
            "forms": forms,
            "sales": acquisition.sales.order_by("pk"),
            "live_sale": live_sale,
            "sale_transitions": (
                SALE_WORKFLOW.allowed(live_sale, request.user) if live_sale else []
            ),
            "is_manager": selectors.is_manager(request.user),
            # The letting: its candidates, and who may give the commune's opinion.
            "applications": applications,
            "pending": pending,
            "chosen": chosen,
            "is_commune_side": get_access(request.user).is_commune_side(acquisition.commune),
            "lease": services_portfolio.sitting_lease(acquisition),
            "first_refusal_article": deadlines.ARTICLES["tenant_first_refusal"],
            "policies": acquisition.insurance_policies.order_by("-starts_on", "pk"),
            "taxes": acquisition.property_taxes.order_by("-year"),
            "owner_costs": selectors_portfolio.owner_costs(acquisition, dt.date.today()),
        },
        status=status,
    )


def _post(request, acquisition, action, forms, works, live_sale):
    """None when done (redirect), else the status of the page to render."""
    key = {"works": "works", "sale_offer": "offer", "insurance": "insurance", "tax": "tax"}.get(
        action, "step" if action.startswith("works_") else "sale"
    )
    form = forms[key] if action in ACTIONS else None
    if form is None:
        messages.error(request, "Choisissez une action.")
        return 400
    if not form.is_valid():
        return 400
    data = form.cleaned_data
    user = request.user
    try:
        if action == "works":
            item = services_portfolio.works_create(actor=user, acquisition=acquisition, **data)
            messages.success(request, f"Travaux « {item.title} » enregistrés.")
        elif action == "insurance":
            item = services_portfolio.insurance_record(actor=user, acquisition=acquisition, **data)
            messages.success(request, f"Police n° {item.policy_number} enregistrée.")
        elif action == "tax":
            item = services_portfolio.tax_record(actor=user, acquisition=acquisition, **data)
            messages.success(request, f"Taxe foncière {item.year} enregistrée.")
        elif action.startswith("works_"):
            item = get_object_or_404(acquisition.works, pk=data["works"])
            _works_step(request, action, item, data)
        elif action == "sale_offer":
            sale = services_portfolio.sale_offer(actor=user, acquisition=acquisition, **data)
            messages.success(request, f"Offre de vente à {sale.buyer_name} enregistrée.")
        else:
            if live_sale is None:
                messages.error(request, "Aucune vente en cours.")
                return 400
            on = data["on"]
            if action == "sale_accept":
                services_portfolio.sale_accept(actor=user, sale=live_sale, on=on)
            elif action == "sale_decline":
                services_portfolio.sale_decline(actor=user, sale=live_sale, reason=data["reason"])
            else:
                services_portfolio.sale_complete(actor=user, sale=live_sale, deed_on=on)
            live_sale.refresh_from_db()
            messages.success(
                request,
                f"Vente à {live_sale.buyer_name} : {live_sale.get_state_display().lower()}.",
            )
    except ValidationError as exc:
        show_errors(request, exc, form=form)
        return 400
    return None


def _works_step(request, action, item, data):
    on = data["on"] or dt.date.today()
    if action == "works_start":
        services_portfolio.works_start(actor=request.user, works=item, on=on)
        messages.success(request, f"Travaux « {item.title} » commencés.")
        return
    if data["actual_cost"] is None:
        raise ValidationError({"actual_cost": "Indiquez le coût réel."})
    if action == "works_progress":
        if data["progress"] is None:
            raise ValidationError({"progress": "Indiquez l’avancement."})
        services_portfolio.works_progress(
            actor=request.user,
            works=item,
            progress=data["progress"],
            actual_cost=data["actual_cost"],
        )
        messages.success(request, f"Avancement des travaux « {item.title} » enregistré.")
    else:
        services_portfolio.works_finish(
            actor=request.user, works=item, on=on, actual_cost=data["actual_cost"]
        )
        messages.success(request, f"Travaux « {item.title} » réceptionnés.")


def _letting_post(request, action, acquisition, form, chosen):
    """None when done (redirect), else the status of the page to render. The commune's
    opinion is its people's; the rest the foncière's (the services check)."""
    if action != "letting_opinion" and not selectors.is_manager(request.user):
        raise PermissionDenied("Réservé à la foncière et aux services de la Métropole.")
    if not form.is_valid():
        return 400
    data = dict(form.cleaned_data)
    user = request.user
    try:
        if action == "apply":
            item = services_letting.application_record(actor=user, acquisition=acquisition, **data)
            messages.success(request, f"Candidature de {item.candidate_name} enregistrée.")
        elif action == "letting_lease":
            if chosen is None:
                messages.error(request, "Aucun candidat retenu.")
                return 400
            lease = services_letting.lease_from_application(actor=user, application=chosen, **data)
            messages.success(
                request, f"Bail n° {lease.reference} préparé pour {chosen.candidate_name}."
            )
        else:
            item = get_object_or_404(acquisition.applications, pk=data.pop("application"))
            if action == "letting_opinion":
                services_letting.application_opinion(actor=user, application=item, **data)
                messages.success(
                    request, f"Avis sur la candidature de {item.candidate_name} enregistré."
                )
            else:
                services_letting.letting_choose(actor=user, application=item, **data)
                messages.success(request, f"Candidature de {item.candidate_name} retenue.")
    except ValidationError as exc:
        show_errors(request, exc, form=form)
        return 400
    return None


@readers_only
def calendar(request):
    """The legal deadlines of the next twelve months by month (from `?depuis=AAAA-MM`, else
    today), or `?format=ics`."""
    from django.conf import settings
    from django.utils import timezone

    from cvv.core.downloads import file_response
    from cvv.fonciere import alerts

    start = _month(request.GET.get("depuis", "")) or dt.date.today()
    items = alerts.calendar(request.user, start, start + dt.timedelta(days=366))
    if request.GET.get("format") == "ics":
        content = alerts.icalendar(items, base_url=settings.SITE_URL, stamp=timezone.now())
        return file_response(
            content.encode("utf-8"), filename="echeances-fonciere.ics",
            content_type="text/calendar; charset=utf-8", private=True,
        )  # fmt: skip
    months = {}
    for item in items:
        months.setdefault(item.on.replace(day=1), []).append(item)
    return render(request, "fonciere/calendar.html", {
        "months": sorted(months.items()), "alert_days": alerts.ALERT_DAYS, "start": start,
    })  # fmt: skip


def _month(text):
    """The first day of the month `AAAA-MM`, or None."""
    import re

    found = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not found or not 1900 <= int(found[1]) <= 2199 or not 1 <= int(found[2]) <= 12:
        return None
    return dt.date(int(found[1]), int(found[2]), 1)
