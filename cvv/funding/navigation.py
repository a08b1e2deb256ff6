from cvv.core.navigation import NavItem
from cvv.organisations.enums import COMMUNE_ROLES, EXPERT_ROLES, METROPOLE_STAFF_ROLES, Role

COMMUNE_AND_STAFF = METROPOLE_STAFF_ROLES | COMMUNE_ROLES | {Role.TERRITORY_AGENT}

ITEMS = [
    NavItem("Fonds FIMACS", "fimacs:dossiers", roles=COMMUNE_AND_STAFF, order=50),
    NavItem("Avis FIMACS", "fimacs:opinions", roles=EXPERT_ROLES, order=51),
    NavItem("Rééquilibrage", "fimacs:rebalancing", public=True, order=52),
]
