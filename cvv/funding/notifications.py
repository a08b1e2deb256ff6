"""E-mails of the FIMACS fund: the commune's people hear of the steps that concern them, a
partner organisation's experts of the opinions asked of them. Services call `notify_*` inside
their transaction; the e-mail task is queued on commit with ids, never objects."""

from django.db import transaction

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
    from cvv.organisations.enums import COMMUNE_ROLES
    from cvv.organisations.models import Membership

    return sorted(
        set(
            Membership.objects.filter(
                organisation__commune=commune,
                organisation__kind="commune",
                role__in=COMMUNE_ROLES,
                is_active=True,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
    )


def organisation_recipients(organisation):
    return sorted(
        set(
            organisation.memberships.filter(is_active=True, user__is_active=True).values_list(
                "user__email", flat=True
            )
        )
    )
