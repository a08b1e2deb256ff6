"""Demo organisations and one account per role (domain cvv.demo)."""

from django.db import transaction

from cvv.organisations.enums import OrganisationKind, Role
from cvv.organisations.models import Membership, Organisation
from cvv.territories.models import Commune, Territoire
from cvv.users.models import User

ORDER = 10
# The shared password of every demonstration account (printed by `cvv demo`).
DEMO_PASSWORD = "demo-cvv-2026"

PARTNERS = [
    ("CCI Paris Île-de-France", OrganisationKind.PARTENAIRE, "CCI", "130022767"),
    (
        "Chambre de métiers et de l’artisanat d’Île-de-France",
        OrganisationKind.PARTENAIRE,
        "CMA",
        "130027980",
    ),
    ("Banque des Territoires", OrganisationKind.PARTENAIRE, "Banque des Territoires", ""),
    ("Foncière métropolitaine du commerce", OrganisationKind.FONCIERE, "Foncière", ""),
    ("Boulangeries Dupain (démo)", OrganisationKind.ENSEIGNE, "", ""),
]

# (email, first name, last name, role, organisation resolver key)
ACCOUNTS = [
    ("admin@cvv.demo", "Alice", "Administratrice", Role.METROPOLE_ADMIN, "metropole"),
    ("instructeur@cvv.demo", "Inès", "Instructrice", Role.INSTRUCTOR, "metropole"),
    ("finances@cvv.demo", "Fabien", "Finances", Role.FINANCE_OFFICER, "metropole"),
    ("agent.93005@cvv.demo", "Amina", "Agent", Role.COMMUNE_AGENT, "commune:93005"),
    ("manager.93005@cvv.demo", "Marc", "Manager", Role.COMMERCE_MANAGER, "commune:93005"),
    ("agent.93048@cvv.demo", "Mathilde", "Montreuil", Role.COMMUNE_AGENT, "commune:93048"),
    ("territoire.t7@cvv.demo", "Thomas", "Territoire", Role.TERRITORY_AGENT, "territoire:T7"),
    (
        "expert.cci@cvv.demo",
        "Émile",
        "Expert",
        Role.PARTNER_EXPERT,
        "partner:CCI Paris Île-de-France",
    ),
    (
        "fonciere@cvv.demo",
        "Françoise",
        "Foncière",
        Role.FONCIERE_OFFICER,
        "partner:Foncière métropolitaine du commerce",
    ),
    (
        "acteur@cvv.demo",
        "Élodie",
        "Enseigne",
        Role.ECONOMIC_ACTOR,
        "partner:Boulangeries Dupain (démo)",
    ),
]


def _organisation(key):
    kind, _, value = key.partition(":")
    if kind == "metropole":
        return Organisation.objects.get(kind=OrganisationKind.METROPOLE)
    if kind == "commune":
        return Organisation.objects.get(kind=OrganisationKind.COMMUNE, commune__code=value)
    if kind == "territoire":
        return Organisation.objects.get(kind=OrganisationKind.TERRITOIRE, territoire__code=value)
    return Organisation.objects.get(name=value)


@transaction.atomic
def load(*, stdout=None):
    for name, kind, partner_type, siren in PARTNERS:
        Organisation.objects.get_or_create(
            name=name, kind=kind, defaults={"partner_type": partner_type, "siren": siren}
        )
    for email, first, last, role, key in ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            if role == Role.METROPOLE_ADMIN:
                user.is_staff = user.is_superuser = True
            user.save()
        Membership.objects.get_or_create(user=user, organisation=_organisation(key), role=role)
    assert Commune.objects.filter(code="93005").exists() and Territoire.objects.exists()


def demo_accounts():
    return [(email, role.label, str(_organisation(key))) for email, _, _, role, key in ACCOUNTS]
