"""E-mails of the FIMACS fund: the commune's people hear of the steps that concern them, a
partner organisation's experts of the opinions asked of them. Services call `notify_*` inside
their transaction; the e-mail task is queued on commit with ids, never objects."""

from django.db import transaction

from cvv.organisations.selectors import emails_of, people_of_commune, people_of_organisation

EVENTS = {
    "request_completion": "Compléments demandés",
    "refuse_ineligible": "Dossier refusé (inéligible)",
    "grant": "Aide accordée",
    "refuse": "Aide refusée",
    "defer": "Dossier ajourné",
    "lapse": "Aide devenue caduque",
    "payment_validated": "Versement validé",
    "payment_rejected": "Demande de versement rejetée",
}


def notify_commune(dossier, event, detail=""):
    if event not in EVENTS:
        return
    from cvv.funding.tasks import send_dossier_email

    dossier_id = dossier.pk
    transaction.on_commit(lambda: send_dossier_email(dossier_id, event, detail))


def notify_experts(opinion):
    from cvv.funding.tasks import send_opinion_request_email

    opinion_id = opinion.pk
    transaction.on_commit(lambda: send_opinion_request_email(opinion_id))


def commune_recipients(commune):
    """E-mail addresses of the commune's people who accept notification e-mails."""
    return emails_of(people_of_commune(commune, wants_email="notifications"))


def organisation_recipients(organisation):
    """E-mail addresses of the organisation's people who accept notification e-mails."""
    return emails_of(people_of_organisation(organisation, wants_email="notifications"))
