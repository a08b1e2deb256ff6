"""Test data builders (factory_boy) for the foundation's models."""

import factory

from cvv.organisations.enums import OrganisationKind, Role
from cvv.organisations.models import Membership, Organisation
from cvv.territories.models import Commune
from cvv.users.models import User

PARTNER_KINDS = {
    Role.PARTNER_EXPERT: OrganisationKind.PARTENAIRE,
    Role.FONCIERE_OFFICER: OrganisationKind.FONCIERE,
    Role.ECONOMIC_ACTOR: OrganisationKind.ENSEIGNE,
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"personne{n}@test.cvv")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password("motdepasse-de-test")


def organisation_for(role, *, commune=None, territoire=None, partner=None):
    role = Role(role)
    if role in {Role.METROPOLE_ADMIN, Role.INSTRUCTOR, Role.FINANCE_OFFICER}:
        return Organisation.objects.get(kind=OrganisationKind.METROPOLE)
    if role in {Role.COMMUNE_AGENT, Role.COMMERCE_MANAGER}:
        return Organisation.objects.get(kind=OrganisationKind.COMMUNE, commune__code=commune)
    if role == Role.TERRITORY_AGENT:
        return Organisation.objects.get(
            kind=OrganisationKind.TERRITOIRE, territoire__code=territoire
        )
    organisation, _ = Organisation.objects.get_or_create(
        name=partner or "Partenaire de test", kind=PARTNER_KINDS[role]
    )
    return organisation


def make_user(*, role, email=None, commune=None, territoire=None, partner=None, **fields):
    user = UserFactory(**({"email": email} if email else {}), **fields)
    organisation = organisation_for(role, commune=commune, territoire=territoire, partner=partner)
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return user


def commune(code):
    return Commune.objects.get(code=code)
