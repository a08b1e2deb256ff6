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
    "fonciere.premises.let": "Local de la foncière loué par une mise en relation",
    "fonciere.lease.sign": "Bail signé",
    "fonciere.lease.end": "Bail terminé",
    "fonciere.rent_call.create": "Appels de loyer émis",
    "fonciere.payment.create": "Paiement enregistré",
    # Rent collection (cvv/fonciere/collection.py, bank_import.py)
    "fonciere.adjustment.create": "Franchise ou palier de loyer enregistré",
    "fonciere.reminder.create": "Relance d’impayé envoyée",
    "fonciere.credit.create": "Avoir du preneur enregistré (trop-perçu)",
    "fonciere.credit.apply": "Avoir imputé sur un appel",
    "fonciere.charges_statement.create": "Décompte annuel de charges établi",
    "fonciere.deposit.return": "Dépôt de garantie restitué",
    "fonciere.bank_statement.import": "Relevé bancaire importé",
    "fonciere.bank_statement.confirm": "Rapprochements du relevé confirmés",
    "fonciere.bank_statement.dismiss": "Lignes du relevé écartées",
}
