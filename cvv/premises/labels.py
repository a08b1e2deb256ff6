"""French labels of the audit codes written by the premises register."""

AUDIT_LABELS = {
    "premises.premises.create": "Local ajouté au registre",
    "premises.premises.update": "Fiche du local modifiée",
    "premises.premises.status": "Statut du local modifié",
    "premises.survey_line.link": "Relevé de terrain rattaché au registre des locaux",
}
