"""Periodic tasks of the FIMACS fund (huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="5", minute="30"))
def lapse_dossiers():
    from cvv.funding.services.lapse import dossiers_lapse

    return len(dossiers_lapse())
