from cvv.core.navigation import NavItem

COMMUNE_AND_STAFF = frozenset(
    {
        "metropole_admin",
        "instructor",
        "finance_officer",
        "commune_agent",
        "commerce_manager",
        "territory_agent",
    }
)

ITEMS = [
    NavItem("Fonds FIMACS", "fimacs:dossiers", roles=COMMUNE_AND_STAFF, order=50),
    NavItem(
        "Avis FIMACS",
        "fimacs:opinions",
        roles=frozenset({"partner_expert", "fonciere_officer"}),
        order=51,
    ),
    NavItem("Rééquilibrage", "fimacs:rebalancing", public=True, order=52),
]
