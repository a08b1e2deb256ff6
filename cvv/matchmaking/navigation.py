from cvv.core.navigation import NavItem
from cvv.matchmaking.workflows import MANAGERS, STAFF
from cvv.organisations.enums import Role

ITEMS = [
    NavItem("Offres de locaux", "matchmaking:offers", roles=MANAGERS, order=37),
    NavItem(
        "Recherches de locaux",
        "matchmaking:searches",
        roles=(*STAFF, Role.ECONOMIC_ACTOR),
        order=38,
    ),
]
