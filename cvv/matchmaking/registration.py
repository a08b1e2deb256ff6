"""An economic actor registers itself, and each person leaves with their data.

- `actor_register(*, organisation_name, kind, email, first_name, last_name, siren="",
  phone="", presentation="", listed=False, contactable=False)`: creates the organisation,
  the person's account (the e-mail receives a link to choose a password: who registers owns
  the address) with the economic-actor role, and the organisation's directory profile with
  the two consents dated; the profile waits for the Métropole's validation
  (`PROFILE_WORKFLOW`) before it is listed. An address that already has an account
  registers nothing and gets the same answer (no way to learn who has an account); its
  owner is told by e-mail. Returns the profile, or None for such an address.
- `account_delete(*, actor)`: an economic actor deletes its account. Its memberships end,
  the directory profile of an organisation it was the last member of is deleted, and the
  account is emptied of everything that names the person (e-mail, names, phone, password);
  the audit trail keeps its entries with the account's number only (`ACCOUNT_DELETE_KEPT`).
- `personal_data_rows(user)`: the JSON export (`directory.personal_data`) flattened to
  (section, field, value) rows for the CSV download.

The public form's guards (honeypot, signed time token, rate limit per address) are the
view's, like the public contact form's.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.matchmaking.directory import ActorProfile, personal_data
from cvv.matchmaking.enums import ProfileState
from cvv.organisations.access import get_access
from cvv.organisations.enums import ROLE_ORGANISATION_KINDS, OrganisationKind, Role
from cvv.organisations.models import Membership, Organisation
from cvv.organisations.services import membership_invite
from cvv.users.models import User

REGISTRABLE_KINDS = tuple(
    kind for kind in OrganisationKind.values if kind in ROLE_ORGANISATION_KINDS[Role.ECONOMIC_ACTOR]
)
ACCOUNT_DELETE_KEPT = (
    "le journal d’audit de la plateforme garde, pour sa durée de conservation, les actions "
    "faites avec ce compte telles qu’elles ont été enregistrées (dont l’inscription et "
    "l’adresse e-mail donnée alors) ; elles ne sont plus rattachées qu’au numéro du compte. "
    "Les recherches de locaux et les mises en relation restent celles de votre organisation."
)


def _existing_account_mail(email):
    send_mail(
        "Centres-Villes Vivants : inscription d’un acteur économique",
        "Quelqu’un a demandé à inscrire un acteur économique avec votre adresse, qui a déjà "
        "un compte sur la plateforme. Si c’est vous, connectez-vous (ou choisissez un "
        "nouveau mot de passe avec « Mot de passe oublié ») puis complétez votre fiche "
        "dans l’annuaire. Sinon, ignorez ce message.",
        None,
        [email],
    )


@transaction.atomic
def _checked_siren(value) -> str:
    """The SIREN without spaces, or "" when none is given; refused unless it has 9 digits
    whose last is the Luhn check digit (python-stdnum), as INSEE gives them."""
    from stdnum.fr import siren

    text = siren.compact(str(value or ""))
    if not text:
        return ""
    if not (text.isdigit() and len(text) == 9):
        raise ValidationError({"siren": "Le SIREN compte 9 chiffres."})
    if not siren.is_valid(text):
        raise ValidationError(
            {"siren": "Ce SIREN n’existe pas : sa clé de contrôle (le dernier chiffre) ne "
             "correspond pas aux huit premiers. Vérifiez la saisie."}
        )  # fmt: skip
    return text


def actor_register(
    *,
    organisation_name,
    kind,
    email,
    first_name,
    last_name,
    siren="",
    phone="",
    presentation="",
    listed=False,
    contactable=False,
):
    email = (email or "").strip().lower()
    name = (organisation_name or "").strip()
    if kind not in REGISTRABLE_KINDS:
        raise ValidationError({"kind": "Type d’organisation non proposé à l’inscription."})
    if not name:
        raise ValidationError({"organisation_name": "Indiquez le nom de l’organisation."})
    siren = _checked_siren(siren)
    if User.objects.filter(email__iexact=email).exists():
        log_action("matchmaking.actor.register_existing", actor=None, obj=None)
        transaction.on_commit(lambda: _existing_account_mail(email))
        return None
    organisation = Organisation(
        kind=kind, name=name[:200], siren=siren, email=email, phone=(phone or "")[:30]
    )
    organisation.full_clean()
    organisation.save()
    membership = membership_invite(
        organisation=organisation,
        email=email,
        role=Role.ECONOMIC_ACTOR,
        first_name=(first_name or "").strip()[:150],
        last_name=(last_name or "").strip()[:150],
        actor=None,
    )
    profile = ActorProfile(
        organisation=organisation,
        presentation=(presentation or "")[:3000],
        listed=bool(listed),
        contactable=bool(contactable),
        consent_at=timezone.now(),
        consent_by=membership.user,
        state=ProfileState.PENDING,
    )
    profile.full_clean()
    profile.save()
    log_action(
        "matchmaking.actor.register",
        actor=None,
        obj=profile,
        data={"listed": profile.listed, "contactable": profile.contactable},
    )
    return profile


@transaction.atomic
def account_delete(*, actor) -> None:
    access = get_access(actor)
    if not access.has_role(Role.ECONOMIC_ACTOR) or access.has_role(
        *(set(Role.values) - {Role.ECONOMIC_ACTOR})
    ):
        raise PermissionDenied(
            "Seul un acteur économique supprime lui-même son compte ; les autres comptes "
            "sont gérés par leur organisation."
        )
    user = User.objects.select_for_update().get(pk=actor.pk)
    organisations = list(Organisation.objects.filter(memberships__user=user).distinct())
    Membership.objects.filter(user=user).delete()
    for organisation in organisations:
        if not organisation.memberships.exists():
            ActorProfile.objects.filter(organisation=organisation).delete()
    log_action("matchmaking.account.delete", actor=user, obj=None, data={"account": user.pk})
    user.email = f"compte-supprime-{user.pk}@invalid.invalid"
    user.first_name = user.last_name = user.phone = user.job_title = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


def personal_data_rows(user):
    """(section, field, value) rows of the person's data, for the CSV download."""
    rows = []
    for section, content in personal_data(user).items():
        items = content if isinstance(content, list) else [content]
        for number, item in enumerate(items, start=1):
            label = section if len(items) == 1 else f"{section} {number}"
            for field, value in item.items():
                if isinstance(value, list):
                    value = ", ".join(str(v) for v in value)
                rows.append((label, field, "" if value is None else value))
    return rows
