"""What the network adds to other modules' pages (see `cvv.core.plugins.contributions`): how
many of a commune's people are in the managers' network (never who: profiles are for network
members, as each manager chose), and the network's activity in the yearly report."""

from django.urls import reverse


def commune_summary(commune, user):
    from cvv.network.models import Profile
    from cvv.organisations.selectors import people_of_commune

    members = Profile.objects.filter(in_directory=True, user__in=people_of_commune(commune))
    count = members.count()
    if not count:
        return None
    return {
        "key": "network",
        "title": "Réseau des managers",
        "order": 65,
        "facts": [{"label": "Membres du réseau dans la commune", "value": str(count)}],
        "links": [{"label": "L’annuaire du réseau", "url": reverse("network:directory")}],
        "data": {"members": count},
    }


def annual_report_section(year, as_of):
    from cvv.network.models import Answer, ContactRequest, Profile, Question

    members = Profile.objects.filter(in_directory=True).count()
    if not members:
        return None
    in_year = {"created_at__year": year, "created_at__date__lte": as_of}
    return {
        "title": "Réseau des managers de commerce et de centre-ville",
        "order": 60,
        "paragraphs": [
            f"{members} membre(s) dans l’annuaire du réseau (à la date de génération). "
            f"En {year} au {as_of:%d/%m/%Y} : "
            f"{ContactRequest.objects.filter(**in_year).count()} demande(s) de mise en relation, "
            f"{Question.objects.filter(**in_year).count()} question(s) et "
            f"{Answer.objects.filter(**in_year).count()} réponse(s) entre pairs."
        ],
        "tables": [],
        "charts": [],
    }
