from cvv.core.navigation import NavItem

ITEMS = [
    NavItem("Tableau de bord", "dashboard:home", order=1),
    NavItem("Communes", "territories:communes", public=True, order=20),
]
