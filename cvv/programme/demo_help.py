"""Demonstration data: help requests to the Métropole, made and answered through the services
(one waiting for the Métropole, one answered and waiting for the commune)."""

from cvv.programme.services.help import help_message_post, help_request_create
from cvv.territories.models import Commune


def load_help(people):
    agents, instructor = people["agents"], people["referents"][0]
    help_request_create(
        commune=Commune.objects.get(code="93005"),
        topic="land",
        subject="Local vacant de la place du marché (démonstration)",
        body="Le propriétaire du n° 4 accepterait de vendre : la foncière peut-elle intervenir ?",
        actor=agents["93005"],
    )
    answered = help_request_create(
        commune=Commune.objects.get(code="93048"),
        topic="programme",
        subject="Candidater à la prochaine édition (démonstration)",
        body="Notre commune n’est pas accompagnée : quelles pièces préparer pour candidater ?",
        actor=agents["93048"],
    )
    help_message_post(
        request=answered,
        body="La délibération du conseil municipal et un diagnostic, même sommaire : "
        "je vous appelle cette semaine pour en parler.",
        actor=instructor,
    )
    return 2
