"""The network's card on the home page: what waits for the person in the network."""

from django.urls import reverse

from cvv.core.dashboard import Card
from cvv.network import selectors
from cvv.network.advice import advice_visible_to
from cvv.network.enums import AdviceState, ContactState


def cards(request, access):
    user = request.user
    if not selectors.is_eligible(user):
        if advice_visible_to(user).exists():  # a partner's people: requests addressed to them
            waiting = advice_visible_to(user).filter(state=AdviceState.SUBMITTED).count()
            return [
                Card(
                    title="Demandes de conseil du réseau",
                    order=72,
                    lines=[("En attente de réponse", waiting, reverse("network:advice_list"))],
                )
            ]
        return []
    if not selectors.is_member(user):
        return [
            Card(
                title="Réseau des managers",
                order=72,
                text="Rejoignez le réseau métropolitain des managers de commerce : annuaire, "
                "mises en relation, questions entre pairs.",
                links=[("Créer mon profil", reverse("network:my_profile"))],
            )
        ]
    contacts = selectors.contacts_visible_to(user)
    received = contacts.filter(peer__user_id=user.pk, state=ContactState.PENDING).count()
    return [
        Card(
            title="Réseau des managers",
            order=72,
            lines=[
                ("Demandes d’échange à traiter", received, reverse("network:contacts")),
                (
                    "Membres dans l’annuaire",
                    selectors.profiles_visible_to(user).count(),
                    reverse("network:directory"),
                ),
            ],
            links=[
                ("Qui a déjà fait ?", reverse("network:match")),
                ("Questions du réseau", reverse("network:questions")),
            ],
        )
    ]
