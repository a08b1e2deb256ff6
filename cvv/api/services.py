"""API tokens: issued, listed and revoked here only, by the profile page and by the
`api_token` command alike, each change with its audit entry. The clear key is returned once
at issue; only its hash is stored."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.api.models import ApiToken
from cvv.audit.services import log_action

LABEL_MAX = ApiToken._meta.get_field("label").max_length


def tokens_of(user):
    """The person's tokens still in force, oldest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("created_at", "pk")


@transaction.atomic
def token_issue(*, user, label, actor, via="page") -> tuple[ApiToken, str]:
    """A new token for `user` (an active account), named `label`; returns (token, clear key).
    `actor` is the person doing it (None from the command line); `via` is recorded."""
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": "Donnez un libellé au jeton (par exemple « tableur »)."})
    if len(label) > LABEL_MAX:
        raise ValidationError({"label": f"Le libellé dépasse {LABEL_MAX} caractères."})
    if not user.is_active:
        raise ValidationError(f"Le compte « {user.email} » est désactivé.")
    token, key = ApiToken.objects.issue(user, label=label)
    log_action("api.token.issued", actor=actor, obj=token, data={"via": via, "label": label})
    return token, key


@transaction.atomic
def token_revoke(*, token, actor, via="page") -> ApiToken:
    """Revoke `token` at once. A person revokes only their own tokens; the command line
    (actor None) any."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if actor is not None and token.user_id != actor.pk:
        raise PermissionDenied("Ce jeton n’est pas le vôtre.")
    if token.revoked_at is not None:
        raise ValidationError("Ce jeton est déjà révoqué.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action("api.token.revoked", actor=actor, obj=token, data={"via": via})
    return token
