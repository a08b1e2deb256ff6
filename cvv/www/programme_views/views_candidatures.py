"""Editions, calls for applications and candidatures (the commune side and instruction)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.audit.selectors import entries_for_object
from cvv.core.forms import small_number
from cvv.documents.models import DocumentKind
from cvv.organisations.access import commune_q, get_access, staff_required
from cvv.organisations.enums import Role
from cvv.programme import selectors
from cvv.programme.models import Candidature, Edition, Review
from cvv.programme.services import candidatures as services
from cvv.programme.workflows import CANDIDATURE, EDITION
from cvv.territories.models import Commune
from cvv.www.errors import show_errors
from cvv.www.programme_views.common import attach_errors, referent_candidates, report, require
from cvv.www.programme_views.forms import CandidatureForm, DecisionForm, ReasonForm
from cvv.www.programme_views.views_candidature_pieces import panel


def home(request):
    """Entry point of the programme: current edition, my candidatures and accompaniments."""
    access = get_access(request.user)
    edition = selectors.current_edition()
    communes = Commune.objects.filter(commune_q(access, "", staff=False))
    existing = set()
    if edition is not None:
        existing = set(edition.candidatures.values_list("commune__code", flat=True))
    can_apply = (
        [c for c in communes.order_by("nom") if c.code not in existing]
        if edition is not None and edition.state == Edition.State.CALL_OPEN
        else []
    )
    return render(
        request,
        "programme/home.html",
        {
            "edition": edition,
            "candidatures": selectors.candidatures_visible_to(request.user).order_by(
                "-edition__number", "commune__nom"
            )[:50],
            "accompaniments": selectors.accompaniments_visible_to(request.user).order_by(
                "-edition__number", "commune__nom"
            )[:50],
            "can_apply": can_apply,
            "is_staff": access.is_metropole_staff,
        },
    )


def editions(request):
    access = get_access(request.user)
    items = Edition.objects.all()
    if not access.is_metropole_staff:
        items = items.exclude(state=Edition.State.DRAFT)
    return render(request, "programme/editions.html", {"editions": items})


def edition(request, number):
    access = get_access(request.user)
    qs = Edition.objects.select_related("call")
    if not access.is_metropole_staff:
        qs = qs.exclude(state=Edition.State.DRAFT)
    edition = get_object_or_404(qs, number=number)
    counts = {}
    if access.is_metropole_staff:
        for state in edition.candidatures.values_list("state", flat=True):
            counts[state] = counts.get(state, 0) + 1
    return render(
        request,
        "programme/edition.html",
        {
            "edition": edition,
            "call": getattr(edition, "call", None),
            "required_documents": [
                dict(DocumentKind.choices).get(kind, kind)
                for kind in getattr(getattr(edition, "call", None), "required_documents", [])
            ],
            "criteria": edition.criteria.all(),
            "counts": [(label, counts.get(value, 0)) for value, label in Candidature.State.choices],
            "transitions": EDITION.allowed(edition, request.user),
            "is_staff": access.is_metropole_staff,
        },
    )


@require_POST
def edition_transition(request, number):
    edition = get_object_or_404(Edition, number=number)
    require(get_access(request.user).is_admin, "Seul un administrateur pilote les éditions.")
    report(
        request,
        lambda: EDITION.apply(
            edition,
            request.POST.get("transition", ""),
            actor=request.user,
            reason=request.POST.get("reason", ""),
        ),
        lambda: f"{edition.name} : {edition.get_state_display()}.",
    )
    return redirect("programme:edition", number=number)


def candidature_start(request, number, code):
    """Shows what the platform already knows, then creates the draft."""
    edition = get_object_or_404(Edition.objects.select_related("call"), number=number)
    access = get_access(request.user)
    commune = get_object_or_404(Commune.objects.select_related("territoire"), code=code)
    if not access.sees_commune(commune, staff=False):
        raise Http404("Commune hors de votre périmètre.")
    existing = Candidature.objects.filter(edition=edition, commune=commune).first()
    if existing is not None:
        return redirect("programme:candidature", pk=existing.pk)
    if request.method == "POST":
        try:
            candidature = services.candidature_create(
                edition=edition, commune=commune, actor=request.user
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(
                request, f"Brouillon créé : {candidature}. Complétez-le puis déposez-le."
            )
            return redirect("programme:candidature_edit", pk=candidature.pk)
    return render(
        request,
        "programme/candidature_start.html",
        {"edition": edition, "commune": commune, "known": services.prefill(commune, edition)},
    )


def candidatures(request):
    access = get_access(request.user)
    items = selectors.candidatures_visible_to(request.user).order_by(
        "-edition__number", "commune__nom"
    )
    state = request.GET.get("etat", "")
    if state in Candidature.State.values:
        items = items.filter(state=state)
    number = request.GET.get("edition", "")
    if small_number(number) is not None:
        items = items.filter(edition__number=small_number(number))
    return render(
        request,
        "programme/candidatures.html",
        {
            "candidatures": items,
            "editions": Edition.objects.exclude(state=Edition.State.DRAFT),
            "selected_edition": number,
            "states": Candidature.State.choices,
            "selected_state": state,
            "is_staff": access.is_metropole_staff,
        },
    )


def _can_edit(user, candidature):
    access = get_access(user)
    # The commune's people and its territory's agents, not as Métropole staff.
    return candidature.is_editable and access.sees_commune(candidature.commune, staff=False)


def candidature(request, pk):
    candidature = get_object_or_404(selectors.candidatures_visible_to(request.user), pk=pk)
    access = get_access(request.user)
    is_reviewer = access.has_role(Role.METROPOLE_ADMIN, Role.INSTRUCTOR)
    questions = candidature.edition.call.questions.all()
    answers = [(q, candidature.answers.get(str(q.pk), "")) for q in questions]
    context = {
        "candidature": candidature,
        "answers": answers,
        "slot_rows": panel(candidature, request.user),
        "can_edit": _can_edit(request.user, candidature),
        "missing": services.missing_items(candidature) if candidature.is_editable else [],
        "is_staff": access.is_metropole_staff,
        "is_reviewer": is_reviewer,
        "accompaniment": getattr(candidature, "accompaniment", None),
    }
    if access.is_metropole_staff:
        context.update(
            checks=services.eligibility_checks(candidature),
            instruction=CANDIDATURE.allowed(candidature, request.user, group="instruction"),
            reviews=candidature.reviews.select_related("reviewer").prefetch_related(
                "scores__criterion"
            ),
            my_review=candidature.reviews.filter(reviewer=request.user).first(),
            reason_form=ReasonForm(),
            decision_form=DecisionForm(referents=referent_candidates())
            if candidature.state in (Candidature.State.UNDER_REVIEW, Candidature.State.DEFERRED)
            and is_reviewer
            else None,
            entries=entries_for_object(candidature),
            submitted_reviews=candidature.reviews.filter(state=Review.State.SUBMITTED).count(),
        )
    return render(request, "programme/candidature.html", context)


def candidature_edit(request, pk):
    candidature = get_object_or_404(selectors.candidatures_visible_to(request.user), pk=pk)
    require(_can_edit(request.user, candidature), "Cette candidature n’est pas modifiable.")
    questions = list(candidature.edition.call.questions.all())
    form = CandidatureForm(request.POST or None, instance=candidature, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidature_update(
                candidature=candidature,
                data={f: form.cleaned_data[f] for f in services.EDITABLE_FIELDS},
                answers=form.answers(),
                actor=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"{candidature} enregistrée.")
            return redirect("programme:candidature", pk=candidature.pk)
    return render(
        request,
        "programme/candidature_form.html",
        {
            "candidature": candidature,
            "form": form,
            "known": services.prefill(candidature.commune, candidature.edition),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def candidature_submit(request, pk):
    candidature = get_object_or_404(selectors.candidatures_visible_to(request.user), pk=pk)
    require(_can_edit(request.user, candidature), "Cette candidature ne peut pas être déposée.")
    try:
        services.candidature_submit(candidature=candidature, actor=request.user)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(
            request, f"{candidature} déposée. Les services de la Métropole l’instruisent."
        )
    return redirect("programme:candidature", pk=pk)


@require_POST
def candidature_withdraw(request, pk):
    candidature = get_object_or_404(selectors.candidatures_visible_to(request.user), pk=pk)
    access = get_access(request.user)
    require(
        access.is_commune_side(candidature.commune),
        "Seule la commune peut retirer sa candidature.",
    )
    report(
        request,
        lambda: services.candidature_transition(
            candidature=candidature,
            name="withdraw",
            actor=request.user,
            reason=request.POST.get("reason", ""),
        ),
        f"{candidature} retirée.",
    )
    return redirect("programme:candidature", pk=pk)


@staff_required
@require_POST
def candidature_instruct(request, pk):
    candidature = get_object_or_404(selectors.candidatures_visible_to(request.user), pk=pk)
    require(
        get_access(request.user).has_role(Role.METROPOLE_ADMIN, Role.INSTRUCTOR),
        "L’instruction est réservée aux chargés d’instruction.",
    )
    name = request.POST.get("transition", "")
    if name not in CANDIDATURE.group("instruction"):
        messages.error(request, "Action d’instruction inconnue.")
        return redirect("programme:candidature", pk=pk)
    report(
        request,
        lambda: services.candidature_transition(
            candidature=candidature,
            name=name,
            actor=request.user,
            reason=request.POST.get("reason", ""),
        ),
        lambda: f"Candidature : {candidature.get_state_display()}.",
    )
    return redirect("programme:candidature", pk=pk)
