from django.db import models


class OrganisationKind(models.TextChoices):
    METROPOLE = "metropole", "Métropole"
    TERRITOIRE = "territoire", "Établissement public territorial"
    COMMUNE = "commune", "Commune"
    PARTENAIRE = "partenaire", "Partenaire (CCI, CMA, Banque des Territoires…)"
    FONCIERE = "fonciere", "Foncière"
    ENTREPRISE = "entreprise", "Entreprise"
    ENSEIGNE = "enseigne", "Enseigne"
    ASSOCIATION = "association", "Association"
    PORTEUR_PROJET = "porteur_projet", "Porteur de projet"
    AGENCE = "agence", "Agence immobilière ou de développement"


class Role(models.TextChoices):
    METROPOLE_ADMIN = "metropole_admin", "Administrateur de la Métropole"
    INSTRUCTOR = "instructor", "Chargé d’instruction du programme"
    FINANCE_OFFICER = "finance_officer", "Gestionnaire financier"
    COMMUNE_AGENT = "commune_agent", "Agent communal"
    COMMERCE_MANAGER = "commerce_manager", "Manager de commerce (commune)"
    TERRITORY_AGENT = "territory_agent", "Agent de territoire"
    PARTNER_EXPERT = "partner_expert", "Expert partenaire"
    FONCIERE_OFFICER = "fonciere_officer", "Chargé de la foncière"
    ECONOMIC_ACTOR = "economic_actor", "Acteur économique"


# The role titles in the other forms a person may choose (cvv.users.models.RoleForm); the
# masculine form is the Role label itself.
ROLE_TITLES = {
    Role.METROPOLE_ADMIN: ("Administratrice de la Métropole", "Administration de la Métropole"),
    Role.INSTRUCTOR: (
        "Chargée d’instruction du programme",
        "Personne chargée de l’instruction du programme",
    ),
    Role.FINANCE_OFFICER: ("Gestionnaire financière", "Gestion financière"),
    Role.COMMUNE_AGENT: ("Agente communale", "Agent·e communal·e"),
    Role.COMMERCE_MANAGER: ("Manageuse de commerce (commune)", "Management du commerce (commune)"),
    Role.TERRITORY_AGENT: ("Agente de territoire", "Agent·e de territoire"),
    Role.PARTNER_EXPERT: ("Experte partenaire", "Expertise partenaire"),
    Role.FONCIERE_OFFICER: ("Chargée de la foncière", "Personne chargée de la foncière"),
    Role.ECONOMIC_ACTOR: ("Actrice économique", "Acteur ou actrice économique"),
}


def role_title(role, form="masculine") -> str:
    """The title of `role` in the form the person chose (« Chargée d’instruction… »)."""
    role = Role(role)
    feminine, neutral = ROLE_TITLES.get(role, (role.label, role.label))
    return {"feminine": feminine, "neutral": neutral}.get(form, role.label)


# Role sets, for `Access.has_role(*SET)`, workflow guards (`roles=SET`) and queries
# (`role__in=SET`). Name a new set here rather than spelling roles out where they are used.
METROPOLE_STAFF_ROLES = frozenset({Role.METROPOLE_ADMIN, Role.INSTRUCTOR, Role.FINANCE_OFFICER})
COMMUNE_ROLES = frozenset({Role.COMMUNE_AGENT, Role.COMMERCE_MANAGER})
INSTRUCTION_ROLES = frozenset({Role.INSTRUCTOR, Role.METROPOLE_ADMIN})
FINANCE_ROLES = frozenset({Role.FINANCE_OFFICER, Role.METROPOLE_ADMIN})
EXPERT_ROLES = frozenset({Role.PARTNER_EXPERT, Role.FONCIERE_OFFICER})

# Which organisation kinds each role may be held in.
ROLE_ORGANISATION_KINDS = {
    Role.METROPOLE_ADMIN: {OrganisationKind.METROPOLE},
    Role.INSTRUCTOR: {OrganisationKind.METROPOLE},
    Role.FINANCE_OFFICER: {OrganisationKind.METROPOLE},
    Role.COMMUNE_AGENT: {OrganisationKind.COMMUNE},
    Role.COMMERCE_MANAGER: {OrganisationKind.COMMUNE},
    Role.TERRITORY_AGENT: {OrganisationKind.TERRITOIRE},
    Role.PARTNER_EXPERT: {OrganisationKind.PARTENAIRE, OrganisationKind.FONCIERE},
    Role.FONCIERE_OFFICER: {OrganisationKind.FONCIERE},
    Role.ECONOMIC_ACTOR: {
        OrganisationKind.ENTREPRISE,
        OrganisationKind.ENSEIGNE,
        OrganisationKind.ASSOCIATION,
        OrganisationKind.PORTEUR_PROJET,
        OrganisationKind.AGENCE,
    },
}
