"""Daily job of the foncière: declarations whose deadline passed without a decision become
"renonciation tacite" (L214-1/R214-5, L213-2 C. urb.), so nothing lapses in silence."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from cvv.fonciere import services


@db_periodic_task(crontab(hour="6", minute="5"))
def lapse_overdue_declarations():
    services.lapse_overdue()


@db_periodic_task(crontab(hour="6", minute="15"))
def deadline_alerts():
    """Notifications and e-mails before each legal deadline (`cvv.fonciere.alerts`)."""
    from cvv.fonciere.alerts import alerts_send

    return alerts_send()
