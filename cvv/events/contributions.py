"""What the events module adds to other modules' pages (see `cvv.core.plugins.contributions`):
on a commune's single view, the trainings its people attended and its nominations for the
awards of the Assises; on the commune's own page, the awards it won; in the yearly report,
the year's events and attendance."""

from collections import Counter

from django.urls import reverse

from cvv.events.enums import NominationState, RegistrationState


def commune_summary(commune, user):
    from cvv.events.models import Nomination, Registration
    from cvv.organisations.selectors import people_of_commune

    attended = list(
        Registration.objects.filter(
            user__in=people_of_commune(commune), state=RegistrationState.ATTENDED
        )
        .select_related("event")
        .order_by("-event__starts_at")
    )
    nominations = list(
        Nomination.objects.filter(commune=commune).select_related("award", "award__event")
    )
    if not attended and not nominations:
        return None
    facts = [
        {
            "label": f"{r.event.get_kind_display()} du {r.event.starts_at:%d/%m/%Y}",
            "value": f"{r.event.title} — {r.first_name} {r.last_name}",
        }
        for r in attended[:10]
    ] + [
        {
            "label": f"Prix « {n.award} » — {n.award.event.title}",
            "value": f"{n.get_state_display()} ({n.project})",
        }
        for n in nominations
    ]
    return {
        "key": "events",
        "title": "Formations suivies et Assises",
        "order": 70,
        "synthetic": any(r.synthetic for r in attended),
        "facts": facts,
        "links": [{"label": "Les événements", "url": reverse("events:list")}],
        "data": {
            "trainings_attended": [
                {"event": r.event.title, "date": r.event.starts_at.date().isoformat()}
                for r in attended
            ],
            "nominations": [{"award": str(n.award), "state": n.state} for n in nominations],
        },
    }


def commune_page_panels(commune, user):
    """On the commune's own page: the awards of the Assises it won (public, as the
    laureates' page)."""
    from cvv.events.selectors import all_laureates

    won = list(all_laureates().filter(commune=commune))
    if not won:
        return None
    return {
        "key": "distinctions",
        "title": "Distinctions des Assises du centre-ville",
        "order": 40,
        "items": [
            {
                "label": f"Lauréate du prix « {n.award.title} » — {n.award.event.title} "
                f"({n.project})",
                "url": reverse("events:detail", args=[n.award.event.slug]),
            }
            for n in won
        ],
    }


def annual_report_section(year, as_of):
    from cvv.events.models import Event, Nomination, Registration

    events = list(
        Event.objects.filter(starts_at__year=year, starts_at__date__lte=as_of).exclude(
            state="cancelled"
        )
    )
    if not events:
        return None
    registrations = Registration.objects.filter(event__in=events)
    attended = registrations.filter(state=RegistrationState.ATTENDED).count()
    kinds = Counter(e.get_kind_display() for e in events)
    laureates = Nomination.objects.filter(
        award__event__in=events, state=NominationState.LAUREATE
    ).select_related("commune", "award")
    return {
        "title": "Réseau : formations, événements et Assises",
        "order": 70,
        "synthetic": any(e.synthetic for e in events),
        "paragraphs": [
            f"{len(events)} événement(s) en {year} au {as_of:%d/%m/%Y}, "
            f"{registrations.exclude(state=RegistrationState.CANCELLED).count()} inscription(s), "
            f"{attended} présence(s) enregistrée(s) à l’accueil."
        ],
        "tables": [
            {
                "title": "Lauréats des prix des Assises",
                "columns": ["Prix", "Commune"],
                "rows": [[str(n.award), n.commune.nom] for n in laureates],
            }
        ]
        if laureates
        else [],
        "charts": [
            {
                "title": "Événements par type",
                "labels": list(kinds),
                "values": list(kinds.values()),
                "unit": "événements",
            }
        ],
    }
