from cvv.core.navigation import NavItem
from cvv.matchmaking.workflows import MANAGERS, STAFF
from cvv.organisations.enums import COMMUNE_ROLES, Role

ITEMS = [
    NavItem("Locaux disponibles", "matchmaking:public", public=True, order=39),
    NavItem("Annuaire des acteurs", "matchmaking:directory", order=39),
    NavItem("Offres de locaux", "matchmaking:offers", roles=MANAGERS, order=37),
    NavItem(
        "Recherches de locaux",
        "matchmaking:searches",
        roles=(*STAFF, Role.ECONOMIC_ACTOR),
        order=38,
    ),
    NavItem(
        "Mises en relation",
        "matchmaking:introductions",
        roles=(*MANAGERS, Role.ECONOMIC_ACTOR),
        order=38,
    ),
    NavItem(
        "Locaux proposés par les agences",
        "matchmaking:proposals",
        roles=(*STAFF, *sorted(COMMUNE_ROLES), Role.ECONOMIC_ACTOR),
        order=38,
    ),
    NavItem("Résultats de la mise en relation", "matchmaking:results", roles=MANAGERS, order=38),
]
