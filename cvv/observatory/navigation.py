from cvv.core.navigation import NavItem
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES

ITEMS = [
    NavItem("Observatoire", "observatory:index", public=True, order=30),
    NavItem("Relevés de locaux", "observatory:surveys", roles=COMMUNE_ROLES, order=35),
    NavItem("Imports observatoire", "observatory:imports", roles=METROPOLE_STAFF_ROLES, order=80),
]
