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
    "matchmaking.introduction.visit": "Visite du local notée",
    "matchmaking.introduction.apply": "Candidature notée sur une mise en relation",
    "matchmaking.introduction.sign": "Bail signé à l’issue d’une mise en relation",
    "matchmaking.introduction.abandon": "Mise en relation abandonnée",
    "matchmaking.introduction.message": "Message envoyé sur une mise en relation",
    "matchmaking.introduction.remind": "Relance d’une mise en relation sans réponse",
    "matchmaking.match.dismiss": "Rapprochement écarté avec un motif",
    "matchmaking.profile.create": "Fiche d’acteur économique créée",
    "matchmaking.profile.update": "Fiche d’acteur économique modifiée",
    "matchmaking.profile.delete": "Fiche d’acteur économique supprimée",
    "matchmaking.profile.validate": "Fiche d’acteur économique validée",
    "matchmaking.profile.refuse": "Fiche d’acteur économique refusée",
    "matchmaking.actor.register": "Acteur économique inscrit (fiche à valider)",
    "matchmaking.actor.register_existing": (
        "Inscription demandée avec l’adresse d’un compte existant"
    ),
    "matchmaking.account.delete": "Compte d’acteur économique supprimé par la personne",
    "matchmaking.wanted.set": "Activités souhaitées par la commune enregistrées",
}
