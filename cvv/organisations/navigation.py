from cvv.core.navigation import NavItem

ITEMS = [NavItem("Annuaire", "organisations:list", order=80)]
