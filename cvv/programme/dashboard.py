from django.urls import reverse
from django.utils import timezone

from cvv.core.dashboard import Card
from cvv.programme import selectors
from cvv.programme.models import Action, Candidature, ExpertiseRequest, Resource


def _help_links(user, accompaniment):
    """In an accompaniment, from the home page: a message to the accompaniment's team (its
    conversation notifies the advisors in the platform and by e-mail) or an expertise request
    routed to a partner — the same pages and rules as on the accompaniment, drawn only when
    the reader may use them. Any commune may also ask the Métropole (`_help_card`)."""
    if not (accompaniment.is_active and selectors.is_commune_side(user, accompaniment)):
        return []
    page = reverse("programme:accompaniment", args=[accompaniment.pk])
    return [
        ("Écrire à l’équipe de l’accompagnement", page + "#conversation"),
        (
            "Demander une expertise",
            reverse("programme:expertise_create", args=[accompaniment.pk]),
        ),
    ]


def _help_card(user, access):
    """Any commune's people ask the Métropole for help at any time, accompanied or not (as in
    Recoco): the request opens a conversation with the programme's staff."""
    mine = selectors.help_requests_visible_to(user).filter(state="open")
    answered = mine.filter(awaiting="commune").count()
    lines = [("Demandes d’aide en cours", mine.count(), reverse("programme:help_requests"))]
    if answered:
        lines.append(
            ("Réponses de la Métropole à lire", answered, reverse("programme:help_requests"))
        )
    return Card(
        title="Besoin d’aide ?",
        order=12,
        text="Une question, un projet, une difficulté : l’équipe du programme vous répond, "
        "que votre commune soit accompagnée ou non.",
        lines=lines,
        links=[
            ("Demander l’aide de la Métropole", reverse("programme:help_request_create")),
            ("Mes demandes d’aide", reverse("programme:help_requests")),
        ],
    )


def cards(request, access):
    if not access.is_authenticated:
        return []
    user = request.user
    result = []
    accompaniments = selectors.accompaniments_visible_to(user)
    if access.works_for_a_commune and not access.is_metropole_staff:
        result.append(_help_card(user, access))
    if not access.is_metropole_staff:
        for accompaniment in accompaniments.filter(state__in=("active", "suspended"))[:5]:
            overdue = [a for a in accompaniment.actions.all() if a.is_overdue]
            result.append(
                Card(
                    title=f"Accompagnement : {accompaniment.commune.nom}",
                    order=20,
                    lines=[
                        ("Phase", accompaniment.get_phase_display(), ""),
                        ("Actions en retard", len(overdue), ""),
                        (
                            "Recommandations à traiter",
                            accompaniment.recommendations.filter(status="proposed").count(),
                            "",
                        ),
                    ],
                    links=[
                        (
                            "Ouvrir l’accompagnement",
                            reverse("programme:accompaniment", args=[accompaniment.pk]),
                        ),
                        *_help_links(user, accompaniment),
                    ],
                )
            )
        for candidature in selectors.candidatures_visible_to(user).filter(
            state__in=Candidature.EDITABLE_STATES
        )[:3]:
            result.append(
                Card(
                    title=f"Candidature à compléter : {candidature.commune.nom}",
                    order=20,
                    text=candidature.get_state_display(),
                    links=[("Reprendre", reverse("programme:candidature", args=[candidature.pk]))],
                )
            )
    else:
        to_review = (
            Resource.objects.filter(expires_on__lt=timezone.localdate())
            .exclude(state=Resource.State.ARCHIVED)
            .count()
        )
        to_instruct = Candidature.objects.filter(state__in=("submitted", "resubmitted")).count()
        result.append(
            Card(
                title="Programme d’accompagnement",
                order=20,
                lines=[
                    (
                        "Demandes d’aide des communes à traiter",
                        selectors.help_requests_to_answer_count(),
                        reverse("programme:help_requests") + "?file=a-traiter",
                    ),
                    ("Candidatures à instruire", to_instruct, reverse("programme:candidatures")),
                    (
                        "Accompagnements en cours",
                        accompaniments.filter(state="active").count(),
                        reverse("programme:dashboard"),
                    ),
                    (
                        "Actions en retard",
                        Action.objects.filter(
                            status__in=Action.OPEN_STATUSES,
                            deadline__lt=timezone.localdate(),
                            accompaniment__state="active",
                        ).count(),
                        reverse("programme:dashboard"),
                    ),
                ],
                links=[
                    ("Pilotage du programme", reverse("programme:dashboard")),
                    (
                        f"Ressources à relire ({to_review})",
                        reverse("programme:toolbox") + "?a_relire=1",
                    ),
                ],
            )
        )
    unread = user.programme_notifications.filter(read_at__isnull=True).count()
    expertise = (
        ExpertiseRequest.objects.filter(
            partner_id__in=access.organisation_ids, state__in=ExpertiseRequest.OPEN_STATES
        ).count()
        if access.organisation_ids
        else 0
    )
    if unread or expertise:
        lines = [("Notifications non lues", unread, reverse("programme:notifications"))]
        if expertise:
            lines.append(
                ("Demandes d’expertise à traiter", expertise, reverse("programme:expertise_list"))
            )
        result.append(Card(title="Relances", order=15, lines=lines))
    return result
