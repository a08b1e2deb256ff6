from cvv.core.navigation import NavItem
from cvv.premises.selectors import REGISTER_ROLES

ITEMS = [NavItem("Registre des locaux", "premises:list", roles=REGISTER_ROLES, order=36)]
