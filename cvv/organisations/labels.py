"""French labels of the organisations' audit actions: see cvv.audit.labels."""

AUDIT_LABELS = {
    "organisations.membership.created": "Rattachement à une organisation créé",
}
