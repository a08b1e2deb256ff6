from cvv.core.navigation import NavItem
from cvv.fonciere.selectors import READERS

ITEMS = [NavItem("Foncière", "fonciere:opportunities", roles=READERS, order=37)]
