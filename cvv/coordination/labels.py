"""French labels of the coordination audit actions: see cvv.audit.labels."""

AUDIT_LABELS = {
    "coordination.programme.saved": "Programme partenaire enregistré",
    "coordination.call.saved": "Appel d’un programme enregistré",
    "coordination.call.deleted": "Appel d’un programme supprimé",
    "coordination.participation.saved": "Participation enregistrée",
    "coordination.participation.deleted": "Participation supprimée",
    "coordination.participation.imported": "Participations importées",
    "coordination.referral.created": "Orientation créée",
    "coordination.referral.send": "Orientation transmise au programme",
    "coordination.referral.withdraw": "Orientation retirée",
    "coordination.referral.acknowledge": "Orientation prise en charge",
    "coordination.referral.accept": "Projet accepté par le programme",
    "coordination.referral.decline": "Projet décliné par le programme",
}
