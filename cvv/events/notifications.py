"""E-mails of the events module, queued on commit with ids (never objects)."""

from django.db import transaction


def registration_email(registration, what):
    from cvv.events.tasks import send_registration_email

    registration_id = registration.pk
    transaction.on_commit(lambda: send_registration_email(registration_id, what))
