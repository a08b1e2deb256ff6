"""Questions and answers of the network, followed topics."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cvv.core.forms import attach_errors
from cvv.network import questions as qa
from cvv.network.enums import Topic
from cvv.network.models import Answer
from cvv.www.errors import report
from cvv.www.network_views.forms import AnswerPostForm, QuestionForm
from cvv.www.network_views.views import _require_member


def question_list(request):
    _require_member(request.user)
    items = qa.questions_visible_to(request.user)
    topic = request.GET.get("theme", "")
    if topic in Topic.values:
        items = items.filter(topic=topic)
    return render(
        request,
        "network/questions.html",
        {"questions": items[:200], "topics": Topic.choices, "selected": topic},
    )


def question_ask(request):
    _require_member(request.user)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = qa.question_ask(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Question « {question} » publiée.")
            return redirect("network:question", pk=question.pk)
    return render(
        request, "network/question_form.html", {"form": form}, status=400 if form.errors else 200
    )


def question(request, pk):
    _require_member(request.user)
    item = get_object_or_404(qa.questions_visible_to(request.user), pk=pk)
    answers = list(item.answers.select_related("author"))
    return render(
        request,
        "network/question.html",
        {
            "question": item,
            "answers": [(a, qa.may_make_resource(request.user, a)) for a in answers],
            "form": AnswerPostForm(),
            "is_author": item.author_id == request.user.pk,
        },
    )


@require_POST
def answer_post(request, pk):
    _require_member(request.user)
    item = get_object_or_404(qa.questions_visible_to(request.user), pk=pk)
    form = AnswerPostForm(request.POST)
    if form.is_valid():
        report(
            request,
            lambda: qa.answer_post(actor=request.user, question=item, **form.cleaned_data),
            f"Réponse publiée sous la question « {item} ».",
        )
    else:
        messages.error(request, "La réponse est vide ou trop longue (5 000 caractères au plus).")
    return redirect("network:question", pk=item.pk)


def _answer(request, pk):
    _require_member(request.user)
    return get_object_or_404(
        Answer.objects.filter(question__in=qa.questions_visible_to(request.user)), pk=pk
    )


@require_POST
def answer_accept(request, pk):
    answer = _answer(request, pk)
    if answer.question.author_id != request.user.pk:
        raise PermissionDenied("Seul l’auteur de la question retient une réponse.")
    qa.answer_accept(actor=request.user, answer=answer)
    messages.success(
        request, f"Réponse de {answer.author.get_full_name()} retenue pour « {answer.question} »."
    )
    return redirect("network:question", pk=answer.question_id)


@require_POST
def answer_to_resource(request, pk):
    answer = _answer(request, pk)
    done = report(
        request,
        lambda: qa.answer_to_resource(actor=request.user, answer=answer),
        lambda: f"Fiche « {answer.question.title} » créée en brouillon dans la boîte à outils.",
    )
    if done:
        return redirect("programme:resource", pk=answer.question.resource_id)
    return redirect("network:question", pk=answer.question_id)


def topics(request):
    _require_member(request.user)
    if request.method == "POST":
        topic = request.POST.get("topic", "")
        follow = request.POST.get("follow") == "1"
        label = Topic(topic).label if topic in Topic.values else topic
        report(
            request,
            lambda: qa.topic_follow(actor=request.user, topic=topic, follow=follow),
            f"Thème « {label} » {'suivi' if follow else 'plus suivi'}.",
        )
        return redirect("network:topics")
    followed = qa.followed_topics(request.user)
    return render(
        request,
        "network/topics.html",
        {"topics": [(value, label, value in followed) for value, label in Topic.choices]},
    )
