"""Background tasks of the FIMACS fund (huey): e-mails queued on commit by the services, and
the daily caducité check."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def send_dossier_email(dossier_id, event, detail=""):
    from cvv.funding.models import Dossier
    from cvv.funding.notifications import EVENTS, commune_recipients

    dossier = Dossier.objects.select_related("commune").filter(pk=dossier_id).first()
    if dossier is None:
        return 0
    recipients = commune_recipients(dossier.commune)
    if not recipients:
        return 0
    url = settings.SITE_URL + reverse("fimacs:dossier", args=[dossier.pk])
    lines = [
        "Bonjour,",
        "",
        f"Dossier FIMACS {dossier.reference} — {dossier.title} ({dossier.commune.nom}) :",
        f"{EVENTS[event]}.",
    ]
    if detail:
        lines += ["", detail]
    lines += ["", f"Le dossier : {url}", "", "Centres-Villes Vivants — Métropole du Grand Paris"]
    subject = f"[FIMACS] {dossier.reference} : {EVENTS[event]}"
    return send_mail(subject, "\n".join(lines), None, recipients)


@db_task()
def send_opinion_request_email(opinion_id):
    from cvv.funding.models import Opinion
    from cvv.funding.notifications import organisation_recipients

    opinion = (
        Opinion.objects.select_related("dossier__commune", "organisation")
        .filter(pk=opinion_id)
        .first()
    )
    if opinion is None or opinion.organisation is None:
        return 0
    recipients = organisation_recipients(opinion.organisation)
    if not recipients:
        return 0
    dossier = opinion.dossier
    due = f" avant le {opinion.due_on:%d/%m/%Y}" if opinion.due_on else ""
    url = settings.SITE_URL + reverse("fimacs:opinion", args=[opinion.pk])
    body = (
        f"Bonjour,\n\nLa Métropole sollicite l’avis de {opinion.organisation} sur le dossier "
        f"FIMACS {dossier.reference} — {dossier.title} ({dossier.commune.nom}){due}.\n\n"
        f"{opinion.question}\n\nRendre l’avis : {url}\n"
    )
    return send_mail(f"[FIMACS] Avis demandé : {dossier.reference}", body, None, recipients)


@db_periodic_task(crontab(hour="5", minute="30"))
def lapse_dossiers():
    from cvv.funding.services.lapse import dossiers_lapse

    return len(dossiers_lapse())


@db_task()
def send_external_opinion_email(opinion_id):
    """The signed link to the person whose opinion is asked (no account needed)."""
    from cvv.funding.models import ExternalOpinion
    from cvv.funding.services.external import token_for

    opinion = (
        ExternalOpinion.objects.select_related("dossier__commune").filter(pk=opinion_id).first()
    )
    if opinion is None or opinion.is_given:
        return 0
    dossier = opinion.dossier
    url = settings.SITE_URL + reverse("fimacs_external:opinion", args=[token_for(opinion)])
    body = (
        f"Bonjour,\n\nLa Métropole du Grand Paris sollicite votre avis sur le dossier FIMACS "
        f"{dossier.reference} — {dossier.title} ({dossier.commune.nom}).\n\n"
        f"{opinion.question}\n\nDonner votre avis (sans créer de compte), jusqu’au "
        f"{opinion.expires_on:%d/%m/%Y} : {url}\n\n"
        "Ce lien vous est personnel : ne le transférez pas.\n\n"
        "Centres-Villes Vivants — Métropole du Grand Paris"
    )
    return send_mail(f"[FIMACS] Votre avis sur {dossier.reference}", body, None, [opinion.email])
