"""French labels of the events module's audit actions."""

AUDIT_LABELS = {
    "events.event.saved": "Événement enregistré",
    "events.event.publish": "Événement publié",
    "events.event.unpublish": "Événement repassé en brouillon",
    "events.event.cancel": "Événement annulé",
    "events.session.saved": "Session du programme enregistrée",
    "events.speaker.saved": "Intervenant enregistré",
    "events.question.saved": "Question d’inscription enregistrée",
    "events.quota.set": "Places d’une catégorie d’inscription fixées",
    "events.registration.created": "Inscription enregistrée",
    "events.registration.confirm": "Inscription confirmée",
    "events.registration.waitlist": "Inscription mise en liste d’attente",
    "events.registration.promote": "Inscription confirmée depuis la liste d’attente",
    "events.registration.cancel": "Inscription annulée",
    "events.registration.check_in": "Arrivée enregistrée",
    "events.registration.undo_check_in": "Arrivée annulée",
    "events.award.saved": "Prix des Assises enregistré",
    "events.nomination.submitted": "Candidature d’une commune à un prix déposée",
    "events.nomination.withdraw": "Candidature à un prix retirée",
    "events.nomination.award": "Commune désignée lauréate",
    "events.nomination.not_select": "Candidature à un prix non retenue",
}
