"""What the events module adds to other modules' pages (see `cvv.core.plugins.contributions`):
on a commune's single view, the trainings its people attended and its nominations for the
awards of the Assises; in the yearly report, the year's events and attendance."""

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
    ] + [{"label": f"Prix « {n.award} »", "value": n.get_state_display()} for n in nominations]
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
