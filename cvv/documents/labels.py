"""French labels of the document vault's audit actions: see cvv.audit.labels."""

AUDIT_LABELS = {
    "documents.document.uploaded": "Document déposé",
    "documents.document.downloaded": "Document téléchargé",
    "documents.orphans.purged": "Fichiers orphelins supprimés",
    "documents.piece.placed": "Pièce déposée dans son emplacement",
    "documents.piece.removed": "Pièce retirée",
    "documents.piece.accepted": "Pièce acceptée",
    "documents.piece.to_replace": "Pièce à remplacer",
}
