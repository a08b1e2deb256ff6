"""Daily job of the foncière: declarations whose deadline passed without a decision become
"renonciation tacite" (L214-1/R214-5, L213-2 C. urb.), so nothing lapses in silence; the
e-mail of a rent reminder to the tenant's contact address."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cvv.fonciere import services


@db_periodic_task(crontab(hour="6", minute="5"))
def lapse_overdue_declarations():
    services.lapse_overdue()


@db_periodic_task(crontab(hour="6", minute="15"))
def deadline_alerts():
    """Notifications and e-mails before each legal deadline (`cvv.fonciere.alerts`)."""
    from cvv.fonciere.alerts import alerts_send

    return alerts_send()


@db_task()
def send_reminder_email(reminder_id):
    """The reminder to the lease's contact address, its PDF letter attached. Only what the
    letter says (lease, premises, period, amount due): no other personal data."""
    from django.core.mail import EmailMessage

    from cvv.fonciere import bank_import, pdf_documents
    from cvv.fonciere.models import RentReminder

    reminder = (
        RentReminder.objects.select_related(
            "rent_call__lease__premises", "rent_call__lease__commune"
        )
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None or not reminder.rent_call.lease.tenant_email:
        return 0
    lease = reminder.rent_call.lease
    lines = ["Madame, Monsieur,", "", *pdf_documents.reminder_text(reminder)]
    if lease.synthetic:
        lines += ["", "Données de démonstration — sans valeur."]
    lines += ["", pdf_documents.ISSUER]
    message = EmailMessage(
        f"[Foncière] {pdf_documents.reminder_title(reminder)}",
        "\n".join(lines),
        None,
        [lease.tenant_email],
    )
    reference = bank_import.call_reference(reminder.rent_call)
    message.attach(
        f"relance-{reference}-{reminder.level}.pdf",
        pdf_documents.reminder_pdf(reminder),
        "application/pdf",
    )
    return message.send()


@db_task()
def send_rent_setting_email(setting_id):
    """The tenant told of a rent fixed during its lease (revision or renewal), at most once
    per setting (`RentSettingNotice` written by `create_once`, in the same transaction as
    the sending: a failed sending leaves no record, a second run sends nothing)."""
    from django.core.mail import EmailMessage
    from django.db import transaction

    from cvv.audit.services import log_action
    from cvv.core.once import create_once
    from cvv.fonciere import pdf_documents
    from cvv.fonciere.models import RentSetting, RentSettingNotice
    from cvv.fonciere.notices import rent_setting_text

    setting = (
        RentSetting.objects.select_related("lease__premises", "lease__commune")
        .filter(pk=setting_id)
        .first()
    )
    if setting is None or not setting.lease.tenant_email:
        return 0
    lease = setting.lease
    recipients = [lease.tenant_email]
    with transaction.atomic():
        if create_once(RentSettingNotice, setting=setting, recipients=len(recipients)) is None:
            return 0  # already told
        lines = ["Madame, Monsieur,", "", *rent_setting_text(setting)]
        if lease.synthetic:
            lines += ["", "Données de démonstration — sans valeur."]
        lines += ["", pdf_documents.ISSUER]
        sent = EmailMessage(
            f"[Foncière] Nouveau loyer de votre bail n° {lease.reference}",
            "\n".join(lines),
            None,
            recipients,
        ).send()
        log_action(
            "fonciere.lease.rent_notice", actor=None, obj=lease,
            data={"setting": setting.pk, "recipients": len(recipients)},
        )  # fmt: skip
    return sent
