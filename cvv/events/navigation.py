from cvv.core.navigation import NavItem

ITEMS = [
    NavItem("Événements", "events:list", public=True, order=40),
]
