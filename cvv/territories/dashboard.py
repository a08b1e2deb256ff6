from django.db.models import Sum
from django.urls import reverse

from cvv.core.dashboard import Card
from cvv.organisations.access import own_communes
from cvv.organisations.enums import Role
from cvv.territories.models import Commune, Territoire


def cards(request, access):
    result = []
    for commune in own_communes(access).select_related("territoire"):
        result.append(
            Card(
                title=f"Ma commune : {commune.nom}",
                order=10,
                lines=[
                    ("Code INSEE", commune.code, ""),
                    (
                        "Territoire",
                        str(commune.territoire),
                        reverse("territories:territoire", args=[commune.territoire.code]),
                    ),
                    ("Population", f"{commune.population:,}".replace(",", " "), ""),
                    (
                        "Centralités",
                        commune.centralites.count(),
                        reverse("territories:centralites", args=[commune.code]),
                    ),
                ],
                links=[
                    ("Fiche de la commune", reverse("territories:commune", args=[commune.code]))
                ],
            )
        )
    for territoire in Territoire.objects.filter(code__in=access.territoire_codes):
        communes = territoire.communes.all()
        result.append(
            Card(
                title=f"Mon territoire : {territoire}",
                order=10,
                lines=[
                    ("Communes", communes.count(), ""),
                    (
                        "Population",
                        f"{communes.aggregate(p=Sum('population'))['p']:,}".replace(",", " "),
                        "",
                    ),
                ],
                links=[
                    (
                        "Voir le territoire",
                        reverse("territories:territoire", args=[territoire.code]),
                    )
                ],
            )
        )
    if access.is_metropole_staff:
        result.append(
            Card(
                title="La Métropole",
                order=90,
                lines=[
                    ("Communes", Commune.objects.count(), reverse("territories:communes")),
                    ("Territoires", Territoire.objects.count(), ""),
                ],
                links=[("Journal d’audit", reverse("audit:list"))]
                + (
                    [("Organisations et comptes", reverse("organisations:list"))]
                    if access.has_role(Role.METROPOLE_ADMIN)
                    else []
                ),
            )
        )
    return result
