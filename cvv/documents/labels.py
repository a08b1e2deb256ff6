"""French labels of the document vault's audit actions: see cvv.audit.labels."""

AUDIT_LABELS = {
    "documents.document.uploaded": "Document déposé",
    "documents.document.downloaded": "Document téléchargé",
    "documents.orphans.purged": "Fichiers orphelins supprimés",
}
