"""French labels of the territories' audit actions: see cvv.audit.labels."""

AUDIT_LABELS = {
    "territories.centralite.version_added": "Nouveau périmètre de centralité",
    "territories.commune.fragility_marked": "Fragilité de la commune signalée",
    "territories.need_index.updated": "Indice de besoin mis à jour",
}
