"""What the coordination module adds to other modules' pages (see
`cvv.core.plugins.contributions`): on an accompaniment's page, the projects referred from it to
the Métropole's other programmes and, for the commune's people and the Métropole's staff, the
way to refer one."""

from django.urls import reverse

from cvv.coordination.selectors import referrals_visible_to
from cvv.organisations.access import get_access


def programme_accompaniment_panels(accompaniment, user):
    referrals = referrals_visible_to(user).filter(accompaniment=accompaniment)
    access = get_access(user)
    may_refer = accompaniment.is_active and (
        access.is_metropole_staff or access.is_commune_side(accompaniment.commune)
    )
    if not may_refer and not referrals.exists():
        return None
    return {
        "id": "orientations",
        "title": "Orientations vers d’autres programmes de la Métropole",
        "items": [
            {
                "label": referral.project,
                "url": reverse("coordination:referral", args=[referral.pk]),
                "detail": f"{referral.programme.name} — {referral.get_state_display()}",
            }
            for referral in referrals
        ],
        "empty": "Aucun projet orienté depuis cet accompagnement.",
        "action": {
            "label": "Orienter un projet vers un autre programme",
            "url": reverse("coordination:referral_new") + f"?accompagnement={accompaniment.pk}",
        }
        if may_refer
        else None,
    }
