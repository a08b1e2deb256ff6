"""Account services."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from cvv.audit.services import log_action
from cvv.users.identity import normalize_email
from cvv.users.throttle import hit


class TooManyResetRequests(Exception):
    """This client address asked for too many password resets in the window."""


def request_password_reset(*, email, client_ip) -> None:
    """Queue a password reset e-mail for the active account with this address, if any.

    Throttled twice: per client address (PASSWORD_RESET_LIMIT_PER_IP requests per window,
    else `TooManyResetRequests`) and per normalised e-mail address
    (PASSWORD_RESET_LIMIT_PER_ADDRESS e-mails per window, further requests silently send
    nothing). Both counters move whether or not an account exists, so the caller can give the
    same answer in every case and nothing tells an account apart from an unknown address.
    """
    window = settings.PASSWORD_RESET_WINDOW
    if not hit(
        "reset-ip", client_ip or "?", limit=settings.PASSWORD_RESET_LIMIT_PER_IP, window=window
    ):
        raise TooManyResetRequests
    email = normalize_email(email)
    if not hit(
        "reset-email", email, limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, window=window
    ):
        return
    from cvv.users.models import User
    from cvv.users.tasks import send_password_reset_email

    for user in User.objects.filter(email__iexact=email, is_active=True):
        if not user.has_usable_password():
            continue
        log_action("accounts.password_reset.requested", actor=None, obj=user)
        user_id = user.pk
        transaction.on_commit(lambda user_id=user_id: send_password_reset_email(user_id))


@transaction.atomic
def user_set_role_form(*, user, role_form, actor):
    """Record how `user` wants their role titles written (masculine, feminine, neutral)."""
    from cvv.users.models import RoleForm, User

    if role_form not in RoleForm.values:
        raise ValidationError({"role_form": "Choisissez une des formes proposées."})
    user = User.objects.select_for_update().get(pk=user.pk)
    user.role_form = role_form
    user.save(update_fields=["role_form"])
    log_action("accounts.role_form.updated", actor=actor, obj=user, data={"role_form": role_form})
    return user
