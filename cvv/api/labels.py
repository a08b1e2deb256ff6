"""French labels of the API's audit actions: see cvv.audit.labels."""

AUDIT_LABELS = {
    "api.token.issued": "Jeton d’API créé",
    "api.token.revoked": "Jeton d’API révoqué",
}
