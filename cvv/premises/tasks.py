"""Background jobs of the register (huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from cvv.observatory.models import Survey
from cvv.premises import services


@db_periodic_task(crontab(hour="3", minute="15"))
def link_validated_surveys():
    """Every night: the lines of validated surveys not yet linked join the register."""
    pending = Survey.objects.filter(
        state=Survey.State.VALIDATED, premises__register_link__isnull=True
    ).distinct()
    for survey in pending:
        services.link_survey(survey=survey)
