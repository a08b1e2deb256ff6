from cvv.core.navigation import NavItem
from cvv.network.selectors import ELIGIBLE_ROLES
from cvv.organisations.enums import EXPERT_ROLES

ITEMS = [
    NavItem("Réseau des managers", "network:directory", roles=ELIGIBLE_ROLES, order=70),
    NavItem("Demandes de conseil", "network:advice_list", roles=EXPERT_ROLES, order=71),
]
