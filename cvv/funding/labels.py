"""French labels of the funding (FIMACS) audit actions: see cvv.audit.labels."""

AUDIT_LABELS = {
    # Dossiers: writes
    "funding.dossier.created": "Dossier créé",
    "funding.dossier.updated": "Dossier modifié",
    "funding.dossier.annotated": "Note d’instruction ajoutée",
    "funding.dossier.message": "Message envoyé à la commune",
    "funding.dossier.document_attached": "Pièce jointe au dossier",
    "funding.dossier.document_detached": "Pièce retirée du dossier",
    "funding.dossier.works_started": "Début des travaux déclaré",
    "funding.opinion.requested": "Avis demandé",
    "funding.opinion.given": "Avis rendu",
    "funding.convention.generated": "Convention générée",
    "funding.decision_letter.generated": "Lettre de notification de la décision générée",
    # Instructors' work queues
    "funding.dossier.followed": "Dossier suivi par un instructeur",
    "funding.dossier.unfollowed": "Dossier plus suivi par l’instructeur",
    "funding.dossier.archived": "Dossier archivé",
    "funding.dossier.unarchived": "Dossier désarchivé",
    "funding.external_opinion.requested": "Avis extérieur sollicité par lien sécurisé",
    "funding.external_opinion.given": "Avis extérieur rendu",
    # Dossiers: workflow transitions
    "funding.dossier.submit": "Dossier déposé",
    "funding.dossier.request_completion": "Compléments demandés",
    "funding.dossier.resubmit": "Dossier complété et redéposé",
    "funding.dossier.start_instruction": "Instruction ouverte",
    "funding.dossier.refuse_ineligible": "Dossier refusé (inéligible)",
    "funding.dossier.mark_ready": "Dossier transmis au comité",
    "funding.dossier.back_to_instruction": "Instruction reprise",
    "funding.dossier.grant": "Aide accordée",
    "funding.dossier.refuse": "Aide refusée",
    "funding.dossier.defer": "Dossier ajourné",
    "funding.dossier.reschedule": "Dossier représenté au comité",
    "funding.dossier.sign_convention": "Convention signée",
    "funding.dossier.start_payments": "Versements commencés",
    "funding.dossier.close": "Dossier soldé et clos",
    "funding.dossier.withdraw": "Dossier retiré",
    "funding.dossier.lapse": "Caducité constatée",
    # Payments
    "funding.payment.requested": "Versement demandé",
    "funding.payment.validated": "Versement validé",
    "funding.payment.rejected": "Demande de versement rejetée",
    "funding.payment.validate": "Versement validé (mis en paiement)",
    "funding.payment.reject": "Demande de versement rejetée",
    # Budget
    "funding.envelope.set": "Enveloppe fixée",
    "funding.envelope.overridden": "Dépassement d’enveloppe autorisé",
    "funding.envelope.released": "Crédits libérés",
    # Committee
    "funding.session.created": "Séance du comité créée",
    "funding.session.agenda_added": "Dossier inscrit à l’ordre du jour",
    "funding.session.close": "Procès-verbal de la séance arrêté",
    # Règlements
    "funding.reglement.draft_created": "Projet de règlement créé",
    "funding.reglement.draft_deleted": "Projet de règlement supprimé",
    "funding.reglement.updated": "Projet de règlement modifié",
    "funding.reglement.adopt": "Règlement voté",
}
