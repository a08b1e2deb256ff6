from django.urls import reverse

from cvv.core.dashboard import Card


def cards(request, access):
    result = []
    memberships = request.user.memberships.filter(is_active=True).select_related("organisation")
    for membership in memberships:
        organisation = membership.organisation
        result.append(
            Card(
                title=f"Mon organisation : {organisation}",
                order=80,
                lines=[
                    ("Type", organisation.get_kind_display(), ""),
                    ("Mon rôle", membership.role_title, ""),
                    ("Membres", organisation.memberships.filter(is_active=True).count(), ""),
                ],
                links=[
                    (
                        "Fiche dans l’annuaire",
                        reverse("organisations:detail", args=[organisation.pk]),
                    ),
                    ("Mon compte et mes jetons d’API", reverse("accounts:profile")),
                ],
            )
        )
    return result
