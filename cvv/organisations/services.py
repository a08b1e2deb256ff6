from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction

from cvv.audit.services import log_action
from cvv.organisations.models import Membership
from cvv.users.models import User


@transaction.atomic
def membership_invite(
    *, organisation, email, role, first_name="", last_name="", title="", actor, request=None
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
    if created and request is not None:
        form = PasswordResetForm({"email": email})
        if form.is_valid():
            transaction.on_commit(
                lambda: form.save(
                    request=request,
                    subject_template_name="registration/invitation_subject.txt",
                    email_template_name="registration/password_reset_email.txt",
                )
            )
    return membership


@transaction.atomic
def membership_deactivate(*, membership, actor) -> Membership:
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    log_action("organisations.membership.deactivated", actor=actor, obj=membership)
    return membership
