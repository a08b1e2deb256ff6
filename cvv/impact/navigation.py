from cvv.core.navigation import NavItem
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES, Role

ITEMS = [
    NavItem(
        "Impact",
        "impact:impact",
        roles=frozenset({*METROPOLE_STAFF_ROLES, *COMMUNE_ROLES, Role.TERRITORY_AGENT}),
        order=37,
    ),
]
