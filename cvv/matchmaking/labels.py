"""French labels of the audit codes written by matchmaking."""

AUDIT_LABELS = {
    "matchmaking.offer.create": "Offre de local créée",
    "matchmaking.offer.publish": "Offre publiée",
    "matchmaking.offer.withdraw": "Offre retirée",
    "matchmaking.offer.republish": "Offre republiée",
    "matchmaking.offer.contact": "Demande de contact reçue sur une offre",
    "matchmaking.search.create": "Recherche de local créée",
    "matchmaking.search.close": "Recherche de local close",
    "matchmaking.search.reopen": "Recherche de local rouverte",
    "matchmaking.introduction.request": "Mise en relation demandée",
    "matchmaking.introduction.accept": "Mise en relation acceptée",
    "matchmaking.introduction.decline": "Mise en relation refusée",
    "matchmaking.profile.create": "Fiche d’acteur économique créée",
    "matchmaking.profile.update": "Fiche d’acteur économique modifiée",
    "matchmaking.profile.delete": "Fiche d’acteur économique supprimée",
    "matchmaking.profile.validate": "Fiche d’acteur économique validée",
    "matchmaking.profile.refuse": "Fiche d’acteur économique refusée",
    "matchmaking.wanted.set": "Activités souhaitées par la commune enregistrées",
}
