"""What matchmaking adds to other modules' pages (see `cvv.core.plugins.contributions`): a
commune's published offers, its introductions and the activities its town centre wants on its
single view; the year's offers and introductions in the yearly report."""

from collections import Counter

from django.urls import reverse


def commune_summary(commune, user):
    from cvv.matchmaking.enums import IntroductionState, OfferState
    from cvv.matchmaking.models import Introduction, Offer, WantedActivity

    offers = list(
        Offer.objects.filter(premises__commune=commune, state=OfferState.PUBLISHED).select_related(
            "premises"
        )
    )
    accepted = Introduction.objects.filter(
        offer__premises__commune=commune, state=IntroductionState.ACCEPTED
    ).count()
    wanted = [w.get_category_display() for w in WantedActivity.objects.filter(commune=commune)]
    if not offers and not wanted and not accepted:
        return None
    facts = [{"label": "Offres de locaux publiées", "value": str(len(offers))}]
    facts.append({"label": "Mises en relation acceptées", "value": str(accepted)})
    if wanted:
        facts.append(
            {"label": "Activités recherchées pour le centre-ville", "value": ", ".join(wanted)}
        )
    return {
        "key": "matchmaking",
        "title": "Mise en relation : locaux offerts et activités recherchées",
        "order": 55,
        "synthetic": any(getattr(o, "synthetic", False) for o in offers),
        "facts": facts,
        "links": [
            {
                "label": "Les locaux disponibles (page publique)",
                "url": reverse("matchmaking:public") + f"?commune={commune.code}",
            }
        ],
        "data": {
            "published_offers": [o.pk for o in offers],
            "accepted_introductions": accepted,
            "wanted_activities": wanted,
        },
    }


def annual_report_section(year, as_of):
    from cvv.matchmaking.models import Introduction, Offer

    offers = Offer.objects.filter(created_at__year=year, created_at__date__lte=as_of)
    introductions = Introduction.objects.filter(created_at__year=year, created_at__date__lte=as_of)
    if not offers.exists() and not introductions.exists():
        return None
    states = Counter(i.get_state_display() for i in introductions)
    return {
        "title": "Mise en relation des acteurs économiques",
        "order": 55,
        "synthetic": offers.filter(synthetic=True).exists(),
        "paragraphs": [
            f"{offers.count()} offre(s) de locaux et {introductions.count()} demande(s) de mise "
            f"en relation en {year} au {as_of:%d/%m/%Y} (état actuel de chacune)."
        ],
        "tables": [],
        "charts": [
            {
                "title": "Mises en relation par état",
                "labels": list(states),
                "values": list(states.values()),
                "unit": "mises en relation",
            }
        ]
        if states
        else [],
    }
