from cvv.core.navigation import NavItem
from cvv.organisations.enums import METROPOLE_STAFF_ROLES

ITEMS = [NavItem("Modèles de documents", "letters:list", roles=METROPOLE_STAFF_ROLES, order=96)]
