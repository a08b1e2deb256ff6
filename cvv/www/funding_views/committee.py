"""Committee sessions, conventions, exports of minutes and decisions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.core.exports import FORMATS, table_response
from cvv.funding import selectors
from cvv.funding.exports import decision_columns, decision_rows, minutes_odt
from cvv.funding.models import AgendaItem, CommitteeSession, Convention, Dossier
from cvv.funding.services import committee, conventions
from cvv.organisations.access import get_access, staff_required
from cvv.programme.selectors import current_edition
from cvv.www.funding_views import forms
from cvv.www.funding_views.common import INSTRUCTORS, dossier_as, flash_errors


def _require_instructor(user):
    if not get_access(user).has_role(*INSTRUCTORS):
        raise PermissionDenied("Action réservée aux instructeurs et administrateurs.")


@staff_required
def session_list(request):
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST":
        _require_instructor(request.user)
        edition = current_edition()
        if form.is_valid() and edition is not None:
            session = committee.session_create(
                edition=edition, actor=request.user, **form.cleaned_data
            )
            messages.success(request, f"Séance « {session} » programmée.")
            return redirect("fimacs:session", pk=session.pk)
        if edition is None:
            form.add_error(None, "Aucune édition en cours.")
    return render(
        request,
        "funding/session_list.html",
        {
            "sessions": CommitteeSession.objects.select_related("edition"),
            "form": form,
            "can_manage": get_access(request.user).has_role(*INSTRUCTORS),
        },
        status=400 if form.errors else 200,
    )


@staff_required
def session_detail(request, pk):
    session = get_object_or_404(CommitteeSession.objects.select_related("edition"), pk=pk)
    items = session.items.select_related("dossier__commune").order_by("position")
    candidates = Dossier.objects.filter(
        edition=session.edition, state=Dossier.State.READY_FOR_COMMITTEE
    ).exclude(agenda_items__session=session)
    return render(
        request,
        "funding/session_detail.html",
        {
            "session": session,
            "items": items,
            "candidates": candidates.select_related("commune"),
            "decision_form": forms.DecisionForm(),
            "can_manage": get_access(request.user).has_role(*INSTRUCTORS),
            "is_admin": get_access(request.user).is_admin,
            "formats": list(FORMATS),
        },
    )


@require_POST
@staff_required
def session_agenda_add(request, pk):
    _require_instructor(request.user)
    session = get_object_or_404(CommitteeSession, pk=pk)
    raw = request.POST.get("dossier", "")
    dossier = Dossier.objects.filter(pk=raw).first() if raw.isdigit() else None
    if dossier is None:
        messages.error(request, "Choisissez un dossier prêt pour le comité.")
        return redirect("fimacs:session", pk=session.pk)
    try:
        committee.agenda_add(
            session=session,
            dossier=dossier,
            actor=request.user,
            proposed_amount=request.POST.get("proposed_amount") or None,
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("fimacs:session", pk=session.pk)


@require_POST
@staff_required
def session_decide(request, pk, item_pk):
    _require_instructor(request.user)
    item = get_object_or_404(AgendaItem, session_id=pk, pk=item_pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        problems = " ".join(" ".join(errors) for errors in form.errors.values())
        messages.error(request, f"Décision sur {item.dossier.reference} incomplète : {problems}")
        return redirect("fimacs:session", pk=pk)
    try:
        committee.decision_record(item=item, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"Décision enregistrée pour {item.dossier.reference}.")
    return redirect("fimacs:session", pk=pk)


@require_POST
@staff_required
def session_close(request, pk):
    _require_instructor(request.user)
    session = get_object_or_404(CommitteeSession, pk=pk)
    try:
        committee.session_close(
            session=session, minutes=request.POST.get("minutes", ""), actor=request.user
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"Procès-verbal de la séance « {session} » arrêté.")
    return redirect("fimacs:session", pk=pk)


@staff_required
def session_minutes(request, pk):
    session = get_object_or_404(CommitteeSession.objects.select_related("edition"), pk=pk)
    response = HttpResponse(
        minutes_odt(session), content_type="application/vnd.oasis.opendocument.text"
    )
    response["Content-Disposition"] = f'attachment; filename="pv-comite-fimacs-{session.pk}.odt"'
    return response


@staff_required
def session_decisions(request, pk):
    session = get_object_or_404(CommitteeSession, pk=pk)
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404("Format inconnu.")
    return table_response(
        decision_columns(), decision_rows(session), fmt, f"decisions-comite-fimacs-{session.pk}"
    )


@require_POST
def convention_generate(request, pk):
    dossier = dossier_as(request, pk, INSTRUCTORS)
    try:
        conventions.convention_generate(dossier=dossier, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"Convention du dossier {dossier.reference} générée.")
    return redirect("fimacs:dossier", pk=dossier.pk)


@require_POST
def convention_sign(request, pk):
    dossier = dossier_as(request, pk, INSTRUCTORS)
    form = forms.DateForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"date": "Indiquez la date de signature."})
        conventions.convention_sign(
            dossier=dossier, signed_on=form.cleaned_data["date"], actor=request.user
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request, f"Signature de la convention du dossier {dossier.reference} enregistrée."
        )
    return redirect("fimacs:dossier", pk=dossier.pk)


def convention_download(request, pk):
    dossier = selectors.dossier_for_view(request.user, pk)
    convention = Convention.objects.filter(dossier=dossier).first()
    if convention is None:
        raise Http404("Pas encore de convention.")
    with convention.file.open("rb") as handle:  # a few kilobytes: read, never left open
        content = handle.read()
    response = HttpResponse(content, content_type="application/vnd.oasis.opendocument.text")
    response["Content-Disposition"] = f'attachment; filename="{convention.number}.odt"'
    return response
