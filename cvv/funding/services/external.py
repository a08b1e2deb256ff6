"""External opinions: an instructor asks any e-mail address for an opinion on a dossier; the
person answers through a signed link (django.core.signing, salted, with an expiry), without
an account. The link carries only the opinion's id; the answer is recorded once, on the
dossier, with its audit entry."""

import datetime

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.funding.models import Dossier, ExternalOpinion, Opinion
from cvv.organisations.access import get_access
from cvv.organisations.enums import INSTRUCTION_ROLES

SALT = "cvv.funding.external-opinion"
MAX_DAYS = 60  # a link never lives longer, whatever the requested delay
ASKABLE_STATES = (
    Dossier.State.SUBMITTED,
    Dossier.State.RESUBMITTED,
    Dossier.State.UNDER_INSTRUCTION,
    Dossier.State.READY_FOR_COMMITTEE,
    Dossier.State.DEFERRED,
)


def token_for(opinion) -> str:
    return signing.dumps({"o": opinion.pk}, salt=SALT, compress=True)


def opinion_from_token(token) -> ExternalOpinion | None:
    """The opinion a link stands for, or None: forged, altered, older than MAX_DAYS, or past
    the opinion's own expiry date."""
    try:
        data = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=MAX_DAYS))
    except signing.BadSignature:  # includes SignatureExpired
        return None
    pk = data.get("o") if isinstance(data, dict) else None
    if not isinstance(pk, int):
        return None
    opinion = ExternalOpinion.objects.select_related("dossier__commune").filter(pk=pk).first()
    if opinion is None or opinion.expires_on < timezone.localdate():
        return None
    return opinion


@transaction.atomic
def external_opinion_request(*, dossier, email, question, actor, days=21) -> ExternalOpinion:
    if not get_access(actor).has_role(*INSTRUCTION_ROLES):
        raise PermissionDenied("Seuls les instructeurs sollicitent un avis extérieur.")
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.state not in ASKABLE_STATES:
        raise ValidationError("Un avis se sollicite pendant l’instruction du dossier.")
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Adresse e-mail invalide."}) from None
    if not (question or "").strip():
        raise ValidationError({"question": "Posez la question à laquelle l’avis répond."})
    if not 1 <= int(days) <= MAX_DAYS:
        raise ValidationError({"days": f"Un lien vaut entre 1 et {MAX_DAYS} jours."})
    opinion = ExternalOpinion.objects.create(
        dossier=dossier,
        email=email,
        question=question.strip(),
        expires_on=timezone.localdate() + datetime.timedelta(days=int(days)),
        requested_by=actor,
    )
    log_action(
        "funding.external_opinion.requested",
        actor=actor,
        obj=dossier,
        data={"opinion": opinion.pk, "email": email},
    )
    from cvv.funding.tasks import send_external_opinion_email

    opinion_id = opinion.pk
    transaction.on_commit(lambda: send_external_opinion_email(opinion_id))
    return opinion


@transaction.atomic
def external_opinion_give(*, opinion, verdict, text, author_name) -> ExternalOpinion:
    """The answer of the person holding the link (no account: the audit entry has no actor
    and names the address the link was sent to)."""
    opinion = ExternalOpinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.is_given:
        raise ValidationError("Cet avis a déjà été rendu : merci.")
    if opinion.expires_on < timezone.localdate():
        raise ValidationError("Ce lien a expiré.")
    if verdict not in Opinion.Verdict.values:
        raise ValidationError({"verdict": "Choisissez un avis."})
    if not (text or "").strip() or not (author_name or "").strip():
        raise ValidationError("Motivez l’avis et indiquez votre nom.")
    opinion.verdict = verdict
    opinion.text = text.strip()
    opinion.author_name = author_name.strip()[:200]
    opinion.given_at = timezone.now()
    opinion.save(update_fields=["verdict", "text", "author_name", "given_at"])
    log_action(
        "funding.external_opinion.given",
        actor=None,
        obj=opinion.dossier,
        data={"opinion": opinion.pk, "email": opinion.email, "verdict": verdict},
    )
    return opinion
