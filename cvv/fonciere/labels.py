"""French labels of the foncière's audit codes (services and workflow transitions)."""

AUDIT_LABELS = {
    "fonciere.opportunity.create": "Opportunité enregistrée",
    "fonciere.opportunity.suspend": "Délai de réponse suspendu",
    "fonciere.opportunity.resume": "Délai de réponse repris",
    "fonciere.opportunity.study": "Opportunité mise à l’étude",
    "fonciere.opportunity.preempt": "Préemption ou achat décidé",
    "fonciere.opportunity.renounce": "Renonciation décidée",
    "fonciere.opportunity.acquire": "Acquisition enregistrée sur l’opportunité",
    "fonciere.opportunity.lapse": "Renonciation tacite constatée (délai expiré)",
    "fonciere.acquisition.create": "Acquisition enregistrée",
    "fonciere.lease.create": "Bail créé",
    "fonciere.lease.sign": "Bail signé",
    "fonciere.lease.end": "Bail terminé",
    "fonciere.rent_call.create": "Appels de loyer émis",
    "fonciere.payment.create": "Paiement enregistré",
}

# The chain: safeguard perimeters, delegations, analysis and committee (services_chain).
AUDIT_LABELS.update({
    "fonciere.safeguard_perimeter.record": "Périmètre de sauvegarde enregistré",
    "fonciere.delegation.create": "Délégation du droit de préemption enregistrée",
    "fonciere.delegation.end": "Délégation du droit de préemption terminée",
    "fonciere.analysis.create": "Analyse financière créée",
    "fonciere.analysis.update": "Analyse financière modifiée",
    "fonciere.analysis.submit": "Analyse soumise à l’avis de la commune",
    "fonciere.analysis.give_opinion": "Avis de la commune donné",
    "fonciere.analysis.decide": "Décision du comité de la foncière enregistrée",
    "fonciere.analysis.revise": "Analyse reprise",
    "fonciere.works.create": "Travaux prévus",
    "fonciere.works.progress": "Avancement des travaux enregistré",
    "fonciere.works.start": "Travaux commencés",
    "fonciere.works.finish": "Travaux réceptionnés",
    "fonciere.application.create": "Candidature à la location enregistrée",
    "fonciere.application.opinion": "Avis de la commune sur une candidature",
    "fonciere.application.lease": "Bail préparé pour le candidat retenu",
    "fonciere.letting.choose": "Candidature retenue par le comité de location",
    "fonciere.letting.set_aside": "Candidature non retenue",
    "fonciere.sale.offer": "Offre de vente faite",
    "fonciere.sale.accept": "Offre de vente acceptée",
    "fonciere.sale.decline": "Offre de vente refusée ou expirée",
    "fonciere.sale.complete": "Acte de vente enregistré : le local quitte le portefeuille",
})  # fmt: skip
