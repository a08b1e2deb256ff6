"""The satisfaction survey after an event: the people present answer once, through their
registration link, from the start of the event; the organisers read the averages, the
distribution and the comments (not who answered what)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.events import tokens
from cvv.events.enums import RegistrationState
from cvv.events.models import SurveyAnswer


def may_answer(registration) -> bool:
    return (
        registration.state == RegistrationState.ATTENDED
        and timezone.now() >= registration.event.starts_at
        and not SurveyAnswer.objects.filter(registration=registration).exists()
    )


def survey_answer(*, registration, token: str, overall: int, usefulness: int, comment=""):
    if tokens.read(token, tokens.MANAGE) != registration.pk:
        raise ValidationError("Lien invalide.")
    with transaction.atomic():
        if not may_answer(registration):
            raise ValidationError("Le questionnaire est réservé aux personnes présentes, une fois.")
        answer = SurveyAnswer(registration=registration, overall=overall, usefulness=usefulness,
                              comment=(comment or "").strip())  # fmt: skip
        answer.full_clean()
        answer.save()
        log_action("events.survey.answered", actor=None, obj=registration.event)
    return answer


def results(event) -> dict:
    answers = SurveyAnswer.objects.filter(registration__event=event)
    summary = answers.aggregate(n=Count("pk"), overall=Avg("overall"), usefulness=Avg("usefulness"))
    present = event.registrations.filter(state=RegistrationState.ATTENDED).count()
    spread = {s: answers.filter(overall=s).count() for s in range(1, 6)}
    return {
        **summary,
        "present": present,
        "rate": round(100 * summary["n"] / present) if present else None,
        "spread": spread,
        "comments": list(answers.exclude(comment="").order_by("comment").values_list("comment",
                                                                                 flat=True)),
    }  # fmt: skip
