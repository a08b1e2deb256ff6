"""French labels of the platform's own audit actions: see cvv.audit.labels."""

AUDIT_LABELS = {
    "core.backup.created": "Sauvegarde créée",
    "core.backup.restored": "Sauvegarde restaurée",
}
