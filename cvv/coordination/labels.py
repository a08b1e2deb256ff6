"""French labels of the coordination module's audit actions."""

AUDIT_LABELS = {
    "coordination.programme.saved": "Fiche programme enregistrée",
    "coordination.call.saved": "Appel d’un programme enregistré",
    "coordination.call.deleted": "Appel d’un programme supprimé",
    "coordination.participation.saved": "Participation à un programme enregistrée",
    "coordination.participation.deleted": "Participation à un programme supprimée",
    "coordination.participation.imported": "Liste de participations importée",
    "coordination.referral.created": "Orientation vers un programme préparée",
    "coordination.referral.send": "Orientation transmise au programme",
    "coordination.referral.withdraw": "Orientation retirée",
    "coordination.referral.acknowledge": "Orientation prise en charge par le programme",
    "coordination.referral.accept": "Projet accepté par le programme",
    "coordination.referral.decline": "Projet décliné par le programme",
}
