"""What the programme offers other modules (see `cvv.core.plugins.contributions`)."""

from cvv.programme.models import ReminderPreference

# E-mail preferences stored by the programme: name -> the ReminderPreference field that
# turns them off. "notifications": every e-mail that doubles an in-platform notification
# or an event of a file (programme and FIMACS alike).
EMAIL_PREFERENCES = {"notifications": "by_email"}


def email_refusers(preference):
    """Ids of the users who refuse the e-mails of `preference`; None when not ours."""
    field = EMAIL_PREFERENCES.get(preference)
    if field is None:
        return None
    return ReminderPreference.objects.filter(**{field: False}).values("user_id")


def commune_summary(commune, user):
    """The commune's candidatures and accompaniment, as far as the reader may see them."""
    from django.urls import reverse
    from django.utils import timezone

    from cvv.programme.selectors import accompaniments_visible_to, candidatures_visible_to

    candidatures = list(
        candidatures_visible_to(user).filter(commune=commune).order_by("-edition__number")
    )
    accompaniments = list(
        accompaniments_visible_to(user).filter(commune=commune).order_by("-started_on")
    )
    if not candidatures and not accompaniments:
        return None
    facts, links = [], []
    for candidature in candidatures[:3]:
        facts.append(
            {
                "label": f"Candidature — {candidature.edition}",
                "value": candidature.get_state_display(),
            }
        )
        links.append(
            {
                "label": f"Candidature — {candidature.edition}",
                "url": reverse("programme:candidature", args=[candidature.pk]),
            }
        )
    today = timezone.localdate()
    data_accompaniments = []
    for accompaniment in accompaniments[:2]:
        actions = list(accompaniment.actions.all())
        open_actions = [a for a in actions if a.status not in ("done", "cancelled")]
        overdue = [a for a in open_actions if a.deadline and a.deadline < today]
        facts.append(
            {
                "label": f"Accompagnement — {accompaniment.edition}",
                "value": f"{accompaniment.get_state_display()}, phase "
                f"« {accompaniment.get_phase_display()} » ; {len(open_actions)} action(s) "
                f"en cours dont {len(overdue)} en retard",
            }
        )
        links.append(
            {
                "label": f"Accompagnement — {accompaniment.edition}",
                "url": reverse("programme:accompaniment", args=[accompaniment.pk]),
            }
        )
        data_accompaniments.append(
            {
                "id": accompaniment.pk,
                "edition": accompaniment.edition.number,
                "state": accompaniment.state,
                "phase": accompaniment.phase,
                "started_on": accompaniment.started_on.isoformat(),
                "open_actions": len(open_actions),
                "overdue_actions": len(overdue),
            }
        )
    return {
        "key": "programme",
        "title": "Programme d’accompagnement",
        "order": 20,
        "facts": facts,
        "links": links,
        "data": {
            "candidatures": [
                {"id": c.pk, "edition": c.edition.number, "state": c.state} for c in candidatures
            ],
            "accompaniments": data_accompaniments,
        },
    }


def annual_report_section(year, as_of):
    """Editions, candidatures and accompaniments as they stood at `as_of`."""
    from collections import Counter

    from cvv.programme.models import Accompaniment, Candidature, Edition

    editions = list(Edition.objects.filter(year__lte=year).order_by("number"))
    submitted = Candidature.objects.filter(submitted_at__date__lte=as_of)
    accompaniments = list(
        Accompaniment.objects.filter(started_on__lte=as_of).select_related("commune", "edition")
    )
    if not editions and not accompaniments:
        return None
    started_this_year = [a for a in accompaniments if a.started_on.year == year]
    phases = Counter(a.get_phase_display() for a in accompaniments if a.is_active)
    return {
        "title": "Programme d’accompagnement",
        "order": 20,
        "paragraphs": [
            f"{submitted.count()} candidature(s) déposée(s) au {as_of:%d/%m/%Y}, "
            f"{len(accompaniments)} commune(s) accompagnée(s) depuis le début du programme, "
            f"dont {len(started_this_year)} accompagnement(s) commencé(s) en {year}.",
            "Les phases sont celles des accompagnements en cours au moment de la génération.",
        ],
        "tables": [
            {
                "title": "Éditions",
                "columns": ["Édition", "Année", "État", "Budget (€)"],
                "rows": [
                    [e.name, str(e.year), e.get_state_display(), str(e.budget or "—")]
                    for e in editions
                ],
            },
            {
                "title": f"Accompagnements commencés en {year}",
                "columns": ["Commune", "Édition", "Début", "Phase"],
                "rows": [
                    [
                        a.commune.nom,
                        a.edition.name,
                        a.started_on.strftime("%d/%m/%Y"),
                        a.get_phase_display(),
                    ]
                    for a in sorted(started_this_year, key=lambda a: a.commune.nom)
                ],
            },
        ],
        "charts": [
            {
                "title": "Accompagnements en cours par phase",
                "labels": list(phases),
                "values": list(phases.values()),
                "unit": "communes",
            }
        ]
        if phases
        else [],
    }
