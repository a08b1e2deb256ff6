"""E-mails of the coordination module, queued on commit with ids (never objects): the target
programme's officers hear of a referral sent to them; the commune's people of the answer."""

from django.db import transaction

EVENTS = {
    "send": "Nouvelle orientation d’un projet",
    "acknowledge": "Orientation prise en charge",
    "accept": "Projet accepté",
    "decline": "Projet décliné",
}


def notify_officers(referral):
    from cvv.coordination.tasks import send_referral_email

    referral_id = referral.pk
    transaction.on_commit(lambda: send_referral_email(referral_id, "send"))


def notify_commune(referral, event):
    from cvv.coordination.tasks import send_referral_email

    referral_id = referral.pk
    transaction.on_commit(lambda: send_referral_email(referral_id, event))
