from cvv.core.navigation import NavItem
from cvv.organisations.enums import METROPOLE_STAFF_ROLES, Role

PROGRAMME_ROLES = frozenset(set(Role) - {Role.ECONOMIC_ACTOR})

ITEMS = [
    NavItem("Programme", "programme:home", roles=PROGRAMME_ROLES, order=30),
    NavItem("Boîte à outils", "programme:toolbox", order=35),
    NavItem("Pilotage du programme", "programme:dashboard", roles=METROPOLE_STAFF_ROLES, order=36),
]
