"""What the coordination module adds to other modules' pages (see
`cvv.core.plugins.contributions`): on an accompaniment's page, the projects referred from it to
the Métropole's other programmes and, for the commune's people and the Métropole's staff, the
way to refer one."""

from django.urls import reverse
from django.utils.formats import number_format

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


def commune_summary(commune, user):
    """The commune's participations in other programmes and its referrals."""
    from cvv.coordination.selectors import participations_visible_to

    participations = list(participations_visible_to(user).filter(commune=commune))
    referrals = list(referrals_visible_to(user).filter(commune=commune))
    access = get_access(user)
    may_refer = access.is_metropole_staff or access.is_commune_side(commune)
    if not participations and not referrals and not may_refer:
        return None
    facts = [
        {
            "label": p.programme.name,
            "value": f"{p.project} — {p.get_status_display()}",
        }
        for p in participations
    ] + [
        {
            "label": f"Orientation vers {r.programme.name}",
            "value": f"{r.project} — {r.get_state_display()}",
        }
        for r in referrals
    ]
    return {
        "key": "coordination",
        "title": "Autres programmes de la Métropole",
        "order": 50,
        "facts": facts,
        "empty": "Aucune participation ni orientation.",
        "links": [
            {
                "label": f"Orientation « {r.project} »",
                "url": reverse("coordination:referral", args=[r.pk]),
            }
            for r in referrals
        ]
        + (
            [
                {
                    "label": "Orienter un projet vers un autre programme",
                    "url": reverse("coordination:referral_new") + f"?commune={commune.code}",
                }
            ]
            if may_refer
            else []
        ),
        "data": {
            "participations": [
                {
                    "programme": p.programme.code,
                    "project": p.project,
                    "status": p.status,
                    "amount": str(p.amount) if p.amount is not None else None,
                }
                for p in participations
            ],
            "referrals": [
                {"id": r.pk, "programme": r.programme.code, "state": r.state} for r in referrals
            ],
        },
    }


def annual_report_section(year, as_of):
    from collections import Counter

    from django.db.models import Count, Sum

    from cvv.coordination.models import Participation, Referral, ReferralState

    participations = Participation.objects.filter(created_at__date__lte=as_of)
    referrals = Referral.objects.filter(created_at__date__lte=as_of)
    if not participations.exists() and not referrals.exists():
        return None
    by_programme = list(
        participations.values("programme__name")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by("programme__name")
    )
    states = Counter(referrals.values_list("state", flat=True))
    labels = dict(ReferralState.choices)
    return {
        "title": "Coordination avec les autres programmes de la Métropole",
        "order": 50,
        "synthetic": participations.filter(synthetic=True).exists()
        or referrals.filter(synthetic=True).exists(),
        "paragraphs": [
            f"{participations.count()} participation(s) de communes à d’autres programmes "
            f"métropolitains et {referrals.count()} projet(s) orienté(s) vers eux au "
            f"{as_of:%d/%m/%Y} (l’état des orientations est leur état actuel)."
        ],
        "tables": [
            {
                "title": "Participations par programme",
                "columns": ["Programme", "Participations", "Montant (€)"],
                "rows": [
                    [
                        row["programme__name"],
                        str(row["count"]),
                        number_format(row["amount"] or 0, 2, force_grouping=True),
                    ]
                    for row in by_programme
                ],
            }
        ],
        "charts": [
            {
                "title": "Orientations par état",
                "labels": [labels[state] for state in states],
                "values": list(states.values()),
                "unit": "orientations",
            }
        ]
        if states
        else [],
    }
