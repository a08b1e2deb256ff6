"""French labels of the templates' audit actions: see cvv.audit.labels."""

AUDIT_LABELS = {
    "letters.template.uploaded": "Modèle de document déposé",
    "letters.template.restored": "Modèle de document d’origine rétabli",
    "letters.letter.conversion_retried": "Conversion en PDF relancée",
}
