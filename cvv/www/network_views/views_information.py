"""News items, the network's letter, and the signed unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.core.forms import attach_errors
from cvv.network import information as info
from cvv.network.workflows import NEWSLETTER
from cvv.www.errors import report
from cvv.www.network_views.forms import JobForm, NewsForm, NewsletterForm
from cvv.www.network_views.views import _require_member


def news(request):
    _require_member(request.user)
    publisher = info.may_publish(request.user)
    if request.method == "POST" and not publisher:
        raise PermissionDenied("Réservé aux administrateurs et chargés d’instruction.")
    form = NewsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = info.news_publish(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Actualité « {item} » publiée.")
            return redirect("network:news")
    return render(
        request,
        "network/news.html",
        {"items": info.news_visible_to(request.user)[:50], "form": form if publisher else None},
        status=400 if form.errors else 200,
    )


def _require_publisher(user):
    if not info.may_publish(user):
        raise PermissionDenied("Réservé aux administrateurs et chargés d’instruction.")


def newsletters(request):
    _require_publisher(request.user)
    recent = info.news_visible_to(request.user).order_by("-created_at")[:20]
    news = info.news_visible_to(request.user).filter(pk__in=[n.pk for n in recent])
    form = NewsletterForm(request.POST or None, news=news.order_by("-created_at"))
    if request.method == "POST" and form.is_valid():
        try:
            letter = info.newsletter_compose(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Lettre « {letter} » enregistrée en brouillon.")
            return redirect("network:newsletter", pk=letter.pk)
    return render(
        request,
        "network/newsletters.html",
        {
            "letters": info.newsletters_visible_to(request.user),
            "form": form,
            "recipients": info.newsletter_recipients().count(),
        },
        status=400 if form.errors else 200,
    )


def newsletter(request, pk):
    _require_publisher(request.user)
    letter = get_object_or_404(info.newsletters_visible_to(request.user), pk=pk)
    return render(
        request,
        "network/newsletter.html",
        {
            "letter": letter,
            "transitions": NEWSLETTER.allowed(letter, request.user),
            "delivered": letter.deliveries.count(),
            "recipients": info.newsletter_recipients().count(),
        },
    )


@require_POST
def newsletter_send(request, pk):
    _require_publisher(request.user)
    letter = get_object_or_404(info.newsletters_visible_to(request.user), pk=pk)
    report(
        request,
        lambda: info.newsletter_send(actor=request.user, newsletter=letter),
        f"Lettre « {letter} » envoyée aux membres du réseau.",
    )
    return redirect("network:newsletter", pk=letter.pk)


@login_not_required
def unsubscribe(request, token):
    """Public: the signed link of the letter's e-mails (GET asks, POST unsubscribes)."""
    try:
        user = info.user_of_token(token)
    except ValidationError:
        return render(request, "network/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        info.unsubscribe(token=token)
        done = True
    return render(request, "network/unsubscribe.html", {"email": user.email, "done": done})


def jobs(request):
    _require_member(request.user)
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = info.job_post(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Offre « {offer} » publiée.")
            return redirect("network:job", pk=offer.pk)
    return render(
        request,
        "network/jobs.html",
        {"offers": info.jobs_visible_to(request.user)[:200], "form": form},
        status=400 if form.errors else 200,
    )


def job(request, pk):
    _require_member(request.user)
    offer = get_object_or_404(info.jobs_visible_to(request.user), pk=pk)
    return render(
        request,
        "network/job.html",
        {"offer": offer, "may_close": info.may_close_job(request.user, offer)},
    )


@require_POST
def job_close(request, pk):
    _require_member(request.user)
    offer = get_object_or_404(info.jobs_visible_to(request.user), pk=pk)
    report(
        request,
        lambda: info.job_close(actor=request.user, offer=offer),
        f"Offre « {offer} » retirée.",
    )
    return redirect("network:job", pk=offer.pk)
