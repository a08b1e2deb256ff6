"""The person's notifications: the list, marked read one by one or all at once, and opening
one (which marks it read and follows its link). The header counts the unread ones."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cvv.programme.services import reminders as services


def notifications(request):
    """Everything the platform told the person (messages, filings, decisions, reminders),
    newest first; the header shows the unread count and links here."""
    mine = request.user.programme_notifications.all()
    return render(
        request,
        "programme/notifications.html",
        {"notifications": mine[:200], "unread": mine.filter(read_at__isnull=True).count()},
    )


def _back(request):
    if request.POST.get("depuis") == "notifications":
        return redirect("programme:notifications")
    return redirect("programme:reminder_preferences")


@require_POST
def notifications_read(request):
    count = services.notifications_mark_read(user=request.user)
    if count:
        messages.success(request, f"{count} notification(s) marquée(s) comme lue(s).")
    else:
        messages.info(request, "Aucune notification non lue.")
    return _back(request)


def _own(request, pk):
    # Another person's notification is a 404, like any object the reader may not see.
    return get_object_or_404(request.user.programme_notifications, pk=pk)


@require_POST
def notification_read(request, pk):
    notification = _own(request, pk)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    messages.success(request, f"Notification « {notification.text[:80]} » marquée comme lue.")
    return _back(request)


def notification_open(request, pk):
    """Follow the notification's link and mark it read (only a link of this site)."""
    notification = _own(request, pk)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("programme:notifications")
