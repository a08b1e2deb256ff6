from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cvv.audit.services import log_action
from cvv.organisations.models import Membership
from cvv.users.models import User


@transaction.atomic
def membership_invite(
    *, organisation, email, role, first_name="", last_name="", title="", actor
) -> Membership:
    """Give a person a role in an organisation; creates the account if needed and sends
    the new person a link to choose their password."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership = Membership(user=user, organisation=organisation, role=role, title=title)
    membership.full_clean()
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ValidationError({"email": "Cette personne a déjà ce rôle dans l’organisation."})
    membership.save()
    log_action(
        "organisations.membership.created",
        actor=actor,
        obj=membership,
        data={"email": email, "role": role, "account_created": created},
        commune_code=organisation.commune.code if organisation.commune_id else "",
    )
    if created:
        transaction.on_commit(lambda: send_invitation(user, organisation))
    return membership


def send_invitation(user, organisation):
    """E-mail a new person a link to choose their password (valid PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    context = {
        "email": user.email,
        "organisation": organisation,
        "link": settings.SITE_URL.rstrip("/") + path,
    }
    send_mail(
        render_to_string("registration/invitation_subject.txt", context).strip(),
        render_to_string("registration/invitation_email.txt", context),
        None,
        [user.email],
    )
