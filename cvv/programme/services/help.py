"""Help requests to the Métropole: a commune's people ask at any time (accompanied or not),
the programme's staff answer, each message notifies the other side in the platform and by
e-mail (for those who accept e-mails)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from cvv.audit.services import log_action
from cvv.core.formatting import of_place
from cvv.organisations.access import get_access
from cvv.organisations.enums import Role
from cvv.organisations.selectors import people_of_commune
from cvv.programme.models import HelpMessage, HelpRequest, ReminderKind
from cvv.programme.services.notify import notify_and_email
from cvv.programme.workflows import HELP_REQUEST
from cvv.users.models import User


def staff_recipients(request):
    """Who hears of the commune's messages: the staff member following the request, or every
    active instructor while nobody follows it (the administrators when there is none)."""
    if request.handled_by_id and request.handled_by.is_active:
        return [request.handled_by]
    for roles in ((Role.INSTRUCTOR,), (Role.METROPOLE_ADMIN,)):
        people = list(
            User.objects.filter(
                is_active=True, memberships__is_active=True, memberships__role__in=roles
            ).distinct()
        )
        if people:
            return people
    return []


def _notify(message, *, first=False):
    request = message.request
    author = message.author
    if get_access(author).is_metropole_staff:
        recipients = list(people_of_commune(request.commune))
        text = f"Réponse de la Métropole à votre demande d’aide « {request.subject} »"
    else:
        recipients = staff_recipients(request)
        what = "Nouvelle demande d’aide" if first else "Nouveau message sur la demande d’aide"
        text = f"{what} {of_place(request.commune.nom)} : « {request.subject} »"
    notify_and_email(
        [user for user in recipients if user.pk != author.pk],
        kind=ReminderKind.HELP,
        text=f"{text} — {message.body[:200]}",
        url=reverse("programme:help_request", args=[request.pk]) + "#conversation",
        key=f"help:{message.pk}",
    )


def _add_message(request, *, body, actor, staff) -> HelpMessage:
    message = HelpMessage.objects.create(request=request, author=actor, body=body)
    request.last_message_at = message.created_at
    request.awaiting = HelpRequest.Awaiting.COMMUNE if staff else HelpRequest.Awaiting.METROPOLE
    fields = ["last_message_at", "awaiting"]
    if staff and request.handled_by_id is None:
        request.handled_by = actor
        fields.append("handled_by")
    request.save(update_fields=fields)
    return message


def _clean_body(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Le message est vide."})
    return body


@transaction.atomic
def help_request_create(*, commune, topic, subject, body, actor) -> HelpRequest:
    """A commune's person asks the Métropole for help (their commune only)."""
    if not get_access(actor).is_commune_side(commune):
        raise PermissionDenied("Seules les personnes de la commune demandent de l’aide pour elle.")
    subject = (subject or "").strip()
    if not subject:
        raise ValidationError({"subject": "Indiquez l’objet de votre demande."})
    body = _clean_body(body)
    request = HelpRequest(commune=commune, topic=topic, subject=subject, created_by=actor)
    request.full_clean(exclude=["last_message_at", "handled_by"])
    request.save()
    message = _add_message(request, body=body, actor=actor, staff=False)
    log_action(
        "programme.help_request.created",
        actor=actor,
        obj=request,
        data={"commune": commune.code, "topic": topic},
    )
    _notify(message, first=True)
    return request


@transaction.atomic
def help_message_post(*, request, body, actor) -> HelpMessage:
    """The commune's people or the staff write on an open request."""
    access = get_access(actor)
    staff = access.is_metropole_staff
    if not (staff or access.is_commune_side(request.commune)):
        raise PermissionDenied("Vous ne participez pas à cette demande d’aide.")
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != HelpRequest.State.OPEN:
        raise ValidationError("La demande est close : rouvrez-la pour écrire.")
    message = _add_message(request, body=_clean_body(body), actor=actor, staff=staff)
    log_action(
        "programme.help_request.message",
        actor=actor,
        obj=request,
        data={"message": message.pk},
    )
    _notify(message)
    return message


@transaction.atomic
def help_request_transition(*, request, name, actor) -> HelpRequest:
    """Close or reopen (the guard: the staff or the commune's people)."""
    HELP_REQUEST.apply(request, name, actor=actor)
    request.refresh_from_db()
    if name == "reopen":
        # A reopened request waits for the Métropole again (back in the « À traiter » queue).
        HelpRequest.objects.filter(pk=request.pk).update(awaiting=HelpRequest.Awaiting.METROPOLE)
        request.refresh_from_db()
    return request


def help_request_follow(*, request, actor) -> HelpRequest:
    """A staff member takes the request: they alone are notified of the commune's messages."""
    if not get_access(actor).is_metropole_staff:
        raise PermissionDenied("Réservé à l’équipe de la Métropole.")
    with transaction.atomic():
        locked = HelpRequest.objects.select_for_update().get(pk=request.pk)
        locked.handled_by = actor
        locked.save(update_fields=["handled_by"])
        log_action("programme.help_request.followed", actor=actor, obj=locked)
    return locked
