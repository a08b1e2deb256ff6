from cvv.core.navigation import NavItem
from cvv.network.selectors import ELIGIBLE_ROLES

ITEMS = [NavItem("Réseau des managers", "network:directory", roles=ELIGIBLE_ROLES, order=70)]
