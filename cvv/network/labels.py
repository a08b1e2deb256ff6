"""French labels of the network's audit codes."""

AUDIT_LABELS = {
    "network.profile.create": "Profil du réseau créé",
    "network.profile.update": "Profil du réseau modifié",
    "network.project.add": "Projet ajouté au profil",
    "network.project.delete": "Projet retiré du profil",
    "network.contact.create": "Demande de mise en relation envoyée",
    "network.contact.accept": "Mise en relation acceptée",
    "network.contact.decline": "Mise en relation déclinée",
    "network.contact.cancel": "Demande de mise en relation annulée",
    "network.question.create": "Question posée au réseau",
    "network.answer.create": "Réponse publiée",
    "network.answer.accept": "Réponse retenue par l’auteur de la question",
    "network.answer.to_resource": "Réponse versée à la boîte à outils",
    "network.topic.follow": "Thème suivi",
    "network.topic.unfollow": "Thème plus suivi",
    "network.news.publish": "Actualité publiée",
    "network.newsletter.compose": "Lettre du réseau rédigée",
    "network.newsletter.send": "Lettre du réseau envoyée",
    "network.newsletter.unsubscribe": "Désabonnement de la lettre du réseau",
}
