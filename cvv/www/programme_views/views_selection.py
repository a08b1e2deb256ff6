"""Selection: reviewers' scoring grid, ranking with the need bonus, committee decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cvv.core.exports import FORMATS, table_response
from cvv.organisations.access import get_access, role_required
from cvv.organisations.enums import Role
from cvv.programme.models import Candidature, Edition, Review
from cvv.programme.services import selection as services
from cvv.www.errors import show_errors
from cvv.www.programme_views.common import attach_errors, referent_candidates, report
from cvv.www.programme_views.forms import DecisionForm, ReviewForm

reviewer_required = role_required(Role.METROPOLE_ADMIN, Role.INSTRUCTOR)


@reviewer_required
def review(request, pk):
    candidature = get_object_or_404(
        Candidature.objects.select_related("commune__territoire", "edition"), pk=pk
    )
    existing = Review.objects.filter(candidature=candidature, reviewer=request.user).first()
    if existing is None and candidature.state != Candidature.State.UNDER_REVIEW:
        messages.error(request, "La candidature n’est pas en évaluation.")
        return redirect("programme:candidature", pk=pk)
    # A GET only shows the grid: the review (and its audit entry) is created by the first save.
    review = existing or services.review_draft(candidature=candidature, reviewer=request.user)
    criteria = candidature.edition.criteria.all()
    form = ReviewForm(request.POST or None, criteria=criteria, review=existing)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if existing is None:
                    review = services.review_open(candidature=candidature, reviewer=request.user)
                services.review_save(
                    review=review,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    conflict_declared=form.cleaned_data["interests"] == "conflict",
                    conflict_details=form.cleaned_data["conflict_details"],
                    no_conflict_declared=form.cleaned_data["interests"] == "none",
                    actor=request.user,
                )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            if review.state == Review.State.RECUSED:
                messages.success(
                    request,
                    f"Conflit d’intérêts enregistré sur la {review.candidature} : "
                    "vous êtes déporté(e).",
                )
                return redirect("programme:candidature", pk=pk)
            messages.success(request, f"Évaluation de la {review.candidature} enregistrée.")
            return redirect("programme:review", pk=pk)
    return render(
        request,
        "programme/review.html",
        {"candidature": candidature, "review": review, "form": form},
        status=400 if form.errors else 200,
    )


@reviewer_required
@require_POST
def review_submit(request, pk):
    review = get_object_or_404(Review, candidature_id=pk, reviewer=request.user)
    try:
        services.review_submit(review=review, actor=request.user)
    except ValidationError as exc:
        show_errors(request, exc)
        return redirect("programme:review", pk=pk)
    messages.success(request, f"Évaluation remise ({review.total}/100).")
    return redirect("programme:candidature", pk=pk)


@reviewer_required
@require_POST
def review_reopen(request, pk):
    review = get_object_or_404(Review, candidature_id=pk, reviewer=request.user)
    report(
        request,
        lambda: services.review_reopen(review=review, actor=request.user),
        f"Évaluation de la {review.candidature} rouverte : vous pouvez modifier vos notes.",
    )
    return redirect("programme:review", pk=pk)


RANKING_COLUMNS = [
    ("rank", "Rang"),
    ("commune", "Commune"),
    ("code", "Code INSEE"),
    ("territoire", "Territoire"),
    ("population", "Population"),
    ("state", "État"),
    ("reviews", "Évaluations remises"),
    ("average", "Note moyenne /100"),
    ("need_bonus", "Bonus besoin"),
    ("final", "Note finale"),
    ("flags", "Signalements"),
]


@role_required(Role.METROPOLE_ADMIN, Role.INSTRUCTOR, Role.FINANCE_OFFICER)
def ranking(request, number):
    edition = get_object_or_404(Edition, number=number)
    rows = services.ranking(edition)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return table_response(
            RANKING_COLUMNS,
            [
                {
                    "rank": index,
                    "commune": row.candidature.commune.nom,
                    "code": row.candidature.commune.code,
                    "territoire": row.candidature.commune.territoire.code,
                    "population": row.candidature.population,
                    "state": row.candidature.get_state_display(),
                    "reviews": row.reviews,
                    "average": row.average,
                    "need_bonus": row.need_bonus,
                    "final": row.final,
                    "flags": " ; ".join(row.flags),
                }
                for index, row in enumerate(rows, start=1)
            ],
            fmt,
            f"classement-edition-{edition.number}",
        )
    return render(
        request,
        "programme/ranking.html",
        {
            "edition": edition,
            "rows": rows,
            "can_decide": get_access(request.user).has_role(Role.METROPOLE_ADMIN, Role.INSTRUCTOR),
            "decisions": DecisionForm.base_fields["decision"].choices,
        },
    )


def _back_to(request, pk):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("programme:candidature", pk=pk)


@reviewer_required
@require_POST
def decide(request, pk):
    candidature = get_object_or_404(Candidature, pk=pk)
    form = DecisionForm(request.POST, referents=referent_candidates())
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(
                request,
                f"{form.fields[field].label if field in form.fields else ''} : {' '.join(errors)}",
            )
        return _back_to(request, pk)
    try:
        services.committee_decide(
            candidature=candidature,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            referent=form.cleaned_data["referent"],
            actor=request.user,
        )
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(
            request,
            f"Décision enregistrée : {candidature.get_state_display()}. La commune est notifiée.",
        )
    return _back_to(request, pk)
