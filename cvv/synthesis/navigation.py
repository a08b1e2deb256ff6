from cvv.core.navigation import NavItem
from cvv.organisations.enums import METROPOLE_STAFF_ROLES

ITEMS = [
    NavItem("Rapport annuel", "synthesis:annual_report", roles=METROPOLE_STAFF_ROLES, order=39),
]
