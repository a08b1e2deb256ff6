from cvv.core.navigation import NavItem
from cvv.organisations.enums import METROPOLE_STAFF_ROLES

ITEMS = [NavItem("Journal", "audit:list", roles=METROPOLE_STAFF_ROLES, order=95)]
