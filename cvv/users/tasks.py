"""Background tasks of the accounts (huey): the password reset e-mail, queued on commit with
the account id only; the link is made in the worker from SITE_URL, never from a request's
Host header."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from huey.contrib.djhuey import db_task


@db_task()
def send_password_reset_email(user_id):
    from cvv.users.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return 0
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    context = {"email": user.email, "link": settings.SITE_URL.rstrip("/") + path}
    return send_mail(
        render_to_string("registration/password_reset_subject.txt", context).strip(),
        render_to_string("registration/password_reset_email.txt", context),
        None,
        [user.email],
    )
