from cvv.core.navigation import NavItem
from cvv.organisations.enums import Role

COORDINATION_ROLES = frozenset(set(Role) - {Role.ECONOMIC_ACTOR})

ITEMS = [
    NavItem("Autres programmes", "coordination:programmes", roles=COORDINATION_ROLES, order=38),
]
