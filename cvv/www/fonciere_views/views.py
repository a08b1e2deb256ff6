"""Pages of the foncière: opportunities (with their legal deadline and its article),
acquisition, leases (dates, indexation step by step, rent calls, payments)."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.fonciere import collection, collection_selectors, deadlines, selectors, services
from cvv.fonciere.indexation import ARTICLE_INDEXATION, ARTICLE_REVISION, ARTICLE_SME_CAP
from cvv.fonciere.selectors import READERS
from cvv.fonciere.templatetags.fonciere_format import euros
from cvv.fonciere.workflows import LEASE_WORKFLOW, MANAGERS, OPPORTUNITY_WORKFLOW
from cvv.organisations.access import role_required
from cvv.premises.selectors import premises_visible_to
from cvv.www.errors import service_errors
from cvv.www.fonciere_views.collection_views import lease_extras
from cvv.www.fonciere_views.forms import (
    AcquisitionForm,
    DatedActionForm,
    LeaseForm,
    OpportunityForm,
    PaymentForm,
    RentCallsForm,
    RentSettingForm,
    TenantContactForm,
)

readers_only = role_required(*READERS)
managers_only = role_required(*MANAGERS)
DATED = {"suspend", "resume", "preempt", "renounce"}


def _form_status(form):
    return 400 if form.errors else 200


@readers_only
def opportunities(request):
    items = selectors.opportunities_visible_to(request.user)
    return render(request, "fonciere/opportunities.html", {
        "opportunities": items, "today": dt.date.today(),
        "soon": selectors.upcoming_deadlines(request.user),
        "can_create": selectors.is_manager(request.user),
    })  # fmt: skip


@managers_only
def opportunity_create(request):
    form = OpportunityForm(
        request.POST if request.method == "POST" else None,
        premises=premises_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form=form):
            opportunity = services.opportunity_create(actor=request.user, **form.cleaned_data)
            messages.success(request, f"Opportunité n° {opportunity.pk} enregistrée.")
            return redirect("fonciere:opportunity", pk=opportunity.pk)
    context = {"form": form, "title": "Nouvelle opportunité"}
    return render(request, "fonciere/form.html", context, status=_form_status(form))


@readers_only
def opportunity_detail(request, pk):
    opportunity = selectors.opportunity_for_view(request.user, pk)
    allowed = [t for t in OPPORTUNITY_WORKFLOW.allowed(opportunity, request.user)
               if t.name != "acquire"]  # fmt: skip
    return render(request, "fonciere/opportunity.html", {
        "opportunity": opportunity, "transitions": allowed,
        "action_form": DatedActionForm(initial={"on": dt.date.today()}),
        "can_acquire": OPPORTUNITY_WORKFLOW.can(opportunity, "acquire", request.user),
        "acquisition_form": AcquisitionForm(initial={"price": opportunity.price}),
        "acquisition": getattr(opportunity, "acquisition", None),
        "retrocession_article": deadlines.ARTICLES["retrocession"],
    })  # fmt: skip


@require_POST
@managers_only
def opportunity_action(request, pk, name):
    opportunity = selectors.opportunity_for_view(request.user, pk)
    form = DatedActionForm(request.POST)
    if name not in OPPORTUNITY_WORKFLOW.transitions or name in ("lapse", "acquire"):
        return redirect("fonciere:opportunity", pk=pk)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("fonciere:opportunity", pk=pk)
    on, reason = form.cleaned_data["on"], form.cleaned_data["reason"]
    label = OPPORTUNITY_WORKFLOW.get(name).label
    with service_errors(request):
        if name == "suspend":
            services.opportunity_suspend(actor=request.user, opportunity=opportunity, on=on)
        elif name == "resume":
            services.opportunity_resume(actor=request.user, opportunity=opportunity, on=on)
        elif name in ("preempt", "renounce"):
            services.opportunity_decide(
                actor=request.user, opportunity=opportunity, preempt=name == "preempt",
                on=on, reason=reason,
            )  # fmt: skip
        else:
            OPPORTUNITY_WORKFLOW.apply(opportunity, name, actor=request.user, reason=reason)
        messages.success(request, f"Opportunité n° {opportunity.pk} : « {label} » enregistré.")
    return redirect("fonciere:opportunity", pk=pk)


@require_POST
@managers_only
def opportunity_acquire(request, pk):
    opportunity = selectors.opportunity_for_view(request.user, pk)
    form = AcquisitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with service_errors(request):
            services.acquisition_record(
                actor=request.user, opportunity=opportunity, deed_on=data["deed_on"],
                price=data["price"], costs=data["costs"] or 0,
                location_gerance=data["location_gerance"],
            )  # fmt: skip
            messages.success(
                request, f"Acquisition de l’opportunité n° {opportunity.pk} enregistrée."
            )
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("fonciere:opportunity", pk=pk)


@readers_only
def leases(request):
    return render(request, "fonciere/leases.html", {
        "leases": selectors.leases_visible_to(request.user),
        "can_create": selectors.is_manager(request.user),
    })  # fmt: skip


@managers_only
def lease_create(request):
    form = LeaseForm(
        request.POST if request.method == "POST" else None,
        premises=premises_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        data.setdefault("years", 9)
        with service_errors(request, form=form):
            lease = services.lease_create(actor=request.user, **data)
            messages.success(request, f"Bail n° {lease.reference} créé.")
            return redirect("fonciere:lease", pk=lease.pk)
    context = {"form": form, "title": "Nouveau bail"}
    return render(request, "fonciere/form.html", context, status=_form_status(form))


@readers_only
def lease_detail(request, pk):
    lease = selectors.lease_for_view(request.user, pk)
    today = dt.date.today()
    indexation, indexation_error = None, ""
    try:
        indexation = services.annual_rent_on(
            lease, max(min(today, lease.end), lease.start), partial=True
        )
    except services.indexation.IndexationError as exc:
        indexation_error = str(exc)
    dates = (
        deadlines.bail_commercial(lease.start, _years(lease))
        if lease.kind == "commercial"
        else None
    )
    conversion = None
    if lease.kind in ("derogatoire", "boutique_essai"):
        try:
            conversion = deadlines.bail_derogatoire(lease.start, lease.end)
        except deadlines.DeadlineError:
            conversion = None  # over 3 years: refused when the lease was drawn
    return render(request, "fonciere/lease.html", {
        "lease": lease, "dates": dates, "indexation": indexation, "conversion": conversion,
        "indexation_error": indexation_error,
        "articles": {"lease": deadlines.ARTICLES["bail_commercial"],
                     "derogatory": deadlines.ARTICLES["bail_derogatoire"],
                     "indexation": ARTICLE_INDEXATION, "sme": ARTICLE_SME_CAP,
                     "revision": ARTICLE_REVISION},
        "calls": selectors.call_balances(lease.calls.order_by("period_start")),
        "transitions": LEASE_WORKFLOW.allowed(lease, request.user),
        "is_manager": selectors.is_manager(request.user),
        "calls_form": RentCallsForm(initial={"until": today}),
        "payment_form": PaymentForm(initial={"paid_on": today}),
        "rent_settings": collection_selectors.rent_settings_with_regularisation(lease),
        "rent_setting_form": RentSettingForm(prefix="loyer"),
        "contact_form": TenantContactForm(
            prefix="contact", initial={"tenant_email": lease.tenant_email}
        ),
        **lease_extras(request, lease),
    })  # fmt: skip


def _years(lease):
    return max(9, round((lease.end - lease.start).days / 365.25))


@require_POST
@managers_only
def lease_action(request, pk, name):
    lease = selectors.lease_for_view(request.user, pk)
    with service_errors(request):
        if name == "sign":
            services.lease_sign(actor=request.user, lease=lease)
        elif name == "end":
            LEASE_WORKFLOW.apply(lease, "end", actor=request.user,
                                 reason=request.POST.get("reason", ""))  # fmt: skip
        elif name == "calls":
            form = RentCallsForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Date d’émission invalide.")
                return redirect("fonciere:lease", pk=pk)
            created = services.rent_calls_generate(actor=request.user, lease=lease,
                                                   until=form.cleaned_data["until"])  # fmt: skip
            messages.success(request, f"Bail n° {lease.reference} : {len(created)} appel(s) émis.")
            return redirect("fonciere:lease", pk=pk)
        elif name == "payment":
            form = PaymentForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Paiement invalide : date et montant requis.")
                return redirect("fonciere:lease", pk=pk)
            call = get_object_or_404(lease.calls, pk=form.cleaned_data["rent_call"])
            services.payment_record(actor=request.user, rent_call=call,
                                    paid_on=form.cleaned_data["paid_on"],
                                    amount=form.cleaned_data["amount"])  # fmt: skip
            messages.success(request, f"Paiement enregistré sur le bail n° {lease.reference}.")
            return redirect("fonciere:lease", pk=pk)
        elif name == "contact":
            form = TenantContactForm(request.POST, prefix="contact")
            if not form.is_valid():
                messages.error(request, "Adresse de contact invalide.")
                return redirect("fonciere:lease", pk=pk)
            email = form.cleaned_data["tenant_email"]
            lease = services.lease_contact_set(actor=request.user, lease=lease, tenant_email=email)
            messages.success(request, f"Bail n° {lease.reference} : adresse de contact "
                             f"{'enregistrée' if lease.tenant_email else 'retirée'}.")  # fmt: skip
            return redirect("fonciere:lease", pk=pk)
        elif name == "rent":
            form = RentSettingForm(request.POST, prefix="loyer")
            if not form.is_valid():
                for errors in form.errors.values():
                    messages.error(request, " ".join(errors))
                return redirect("fonciere:lease", pk=pk)
            setting = collection.rent_setting_record(actor=request.user, lease=lease,
                                                     **form.cleaned_data)  # fmt: skip
            messages.success(request, f"Bail n° {lease.reference} : loyer de "
                             f"{euros(setting.annual_rent)} en vigueur le "
                             f"{setting.effective_on:%d/%m/%Y} ({setting.article}). "
                             f"Régularisation à prévoir sur les appels déjà émis : "
                             f"{euros(setting.regularisation.amount)}. "
                             + ("Le preneur en est informé par courriel." if lease.tenant_email
                                else "Le preneur n’a pu être informé par courriel : aucune "
                                "adresse de contact connue."))  # fmt: skip
            return redirect("fonciere:lease", pk=pk)
        else:
            return redirect("fonciere:lease", pk=pk)
        lease.refresh_from_db()
        messages.success(
            request, f"Bail n° {lease.reference} : {lease.get_state_display().lower()}."
        )
    return redirect("fonciere:lease", pk=pk)
