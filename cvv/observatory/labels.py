"""French labels of the observatory's audit actions: see cvv.audit.labels."""

AUDIT_LABELS = {
    "observatory.import.created": "Import de données lancé",
    "observatory.import.start": "Import démarré",
    "observatory.import.succeed": "Import réussi",
    "observatory.import.fail": "Import échoué",
    "observatory.import.interrupt": "Import interrompu",
    "observatory.import.replace": "Import remplacé par un plus récent",
    "observatory.indicators.computed": "Indicateurs calculés",
    "observatory.indicators.failed": "Calcul des indicateurs échoué",
    "observatory.survey.created": "Relevé de terrain créé",
    "observatory.survey.premise_added": "Local ajouté au relevé",
    "observatory.survey.premise_deleted": "Local retiré du relevé",
    "observatory.survey.submit": "Relevé transmis pour validation",
    "observatory.survey.validate": "Relevé validé",
    "observatory.survey.reject": "Relevé refusé",
    "observatory.survey.reopen": "Saisie du relevé reprise",
}
