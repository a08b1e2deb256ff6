"""The jury of an award: the organisers name the jurors, the president and the criteria;
a juror scores each nomination or declares a conflict of interest; the ranking is shown to
the organisers and the jurors on the nominations page, where the president or the
Métropole's jury roles designate the laureates."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from cvv.core.formatting import number
from cvv.events import jury, selectors
from cvv.events.models import AwardCategory, JuryReview, Nomination
from cvv.organisations.access import staff_required
from cvv.www.errors import service_errors
from cvv.www.events_views.forms import ConflictForm, CriterionForm, JuryForm, JuryScoreForm


def _people():
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


@staff_required
def jury_setup(request, slug, pk):
    event = get_object_or_404(selectors.events_visible_to(request.user), slug=slug)
    award = get_object_or_404(AwardCategory, event=event, pk=pk)
    kind = request.POST.get("form") if request.method == "POST" else None
    jury_form = JuryForm(request.POST if kind == "jury" else None, people=_people(),
                         prefix="jury", initial={"jurors": award.jurors.all(),
                                                 "president": award.jury_president})  # fmt: skip
    criterion_form = CriterionForm(request.POST if kind == "criterion" else None,
                                   prefix="criterion")  # fmt: skip
    status = 200 if kind is None else 400
    if kind == "jury" and jury_form.is_valid():
        data = jury_form.cleaned_data
        with service_errors(request, form=jury_form):
            jury.jury_set(award=award, jurors=data["jurors"], president=data["president"],
                          actor=request.user)  # fmt: skip
            messages.success(request, f"Jury du prix « {award.title} » enregistré.")
            return redirect("events:jury", slug=event.slug, pk=award.pk)
    if kind == "criterion" and criterion_form.is_valid():
        criterion_form.instance.award = award
        with service_errors(request, form=criterion_form):
            criterion = jury.criterion_save(criterion=criterion_form.instance, actor=request.user)
            messages.success(request, f"Critère « {criterion.label} » du prix « {award.title} » "
                                      "enregistré.")  # fmt: skip
            return redirect("events:jury", slug=event.slug, pk=award.pk)
    return render(request, "events/jury.html", {
        "event": event, "award": award, "jury_form": jury_form,
        "criterion_form": criterion_form, "criteria": award.criteria.all(),
        "jurors": award.jurors.order_by("last_name", "first_name"),
        "ranking": jury.ranking(award),
    }, status=status)  # fmt: skip


def jury_score(request, pk):
    """A juror scores one nomination, or declares a conflict of interest."""
    nomination = Nomination.objects.select_related("award__event", "commune").filter(pk=pk).first()
    if nomination is None:
        raise PermissionDenied("Réservé aux membres du jury.")
    if not jury.is_juror(nomination.award, request.user):
        if not selectors.nominations_visible_to(request.user).filter(pk=pk).exists():
            get_object_or_404(Nomination.objects.none(), pk=pk)
        raise PermissionDenied("Réservé aux membres du jury de ce prix.")
    review = JuryReview.objects.filter(nomination=nomination, juror=request.user).first()
    criteria = nomination.award.criteria.all()
    kind = request.POST.get("form") if request.method == "POST" else None
    initial = {"comment": review.comment} if review else {}
    if review:
        initial.update({f"score_{s.criterion_id}": s.value for s in review.scores.all()})
    score_form = JuryScoreForm(request.POST if kind == "score" else None, criteria=criteria,
                               initial=initial, prefix="score")  # fmt: skip
    conflict_form = ConflictForm(request.POST if kind == "conflict" else None, prefix="conflict")
    status = 200 if kind is None else 400
    name = f"{nomination.commune.nom} au prix « {nomination.award.title} »"
    if kind == "score" and score_form.is_valid():
        with service_errors(request, form=score_form):
            done = jury.score(nomination=nomination, juror=request.user,
                              scores=score_form.scores(),
                              comment=score_form.cleaned_data["comment"])  # fmt: skip
            note = number(done.total, 2)
            messages.success(request, f"Candidature de {name} notée : {note} sur 100.")
            return redirect("events:nominations", slug=nomination.award.event.slug)
    if kind == "conflict" and conflict_form.is_valid():
        with service_errors(request, form=conflict_form):
            jury.conflict_declare(nomination=nomination, juror=request.user,
                                  details=conflict_form.cleaned_data["details"])  # fmt: skip
            messages.success(request, f"Conflit d’intérêts déclaré sur la candidature de {name}.")
            return redirect("events:nominations", slug=nomination.award.event.slug)
    return render(request, "events/jury_score.html", {
        "nomination": nomination, "event": nomination.award.event, "review": review,
        "score_form": score_form, "conflict_form": conflict_form, "criteria": criteria,
    }, status=status)  # fmt: skip
