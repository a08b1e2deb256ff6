"""The header's unread-notification count (issue 10: messages that reach people)."""


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread():  # evaluated only when a template shows it
        return user.programme_notifications.filter(read_at__isnull=True).count()

    return {"unread_notifications": unread}
