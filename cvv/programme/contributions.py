"""What the programme offers other modules (see `cvv.core.plugins.contributions`)."""

from cvv.programme.models import ReminderPreference

# E-mail preferences stored by the programme: name -> the ReminderPreference field that
# turns them off. "notifications": every e-mail that doubles an in-platform notification
# or an event of a file (programme and FIMACS alike).
EMAIL_PREFERENCES = {"notifications": "by_email"}


def email_refusers(preference):
    """Ids of the users who refuse the e-mails of `preference`; None when not ours."""
    field = EMAIL_PREFERENCES.get(preference)
    if field is None:
        return None
    return ReminderPreference.objects.filter(**{field: False}).values("user_id")
