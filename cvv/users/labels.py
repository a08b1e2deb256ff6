"""French labels of the accounts' audit actions: see cvv.audit.labels."""

AUDIT_LABELS = {
    "accounts.password_reset.requested": "Réinitialisation du mot de passe demandée",
    "accounts.proconnect.login": "Connexion par ProConnect",
    "accounts.role_form.updated": "Forme du titre de rôle choisie",
}
