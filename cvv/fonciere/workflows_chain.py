"""The analysis of an opportunity, declared as a table (imported by
`cvv.fonciere.workflows`): the foncière prepares it and submits it to the commune, whose
people give their opinion (commune side only), then the committee's decision is recorded
by the foncière or the Métropole's staff."""

from cvv.core.workflows import Transition, Workflow
from cvv.fonciere.workflows import MANAGERS
from cvv.organisations.access import commune_side
from cvv.organisations.enums import COMMUNE_ROLES

ANALYSIS_WORKFLOW = Workflow(
    "fonciere.analysis",
    [
        Transition("submit", ["brouillon"], "avis_commune", "Soumettre à l’avis de la commune"),
        Transition(
            "give_opinion",
            ["avis_commune"],
            "comite",
            "Donner l’avis de la commune",
            roles=sorted(COMMUNE_ROLES),
            scope=commune_side("commune"),
        ),
        Transition("decide", ["comite"], "decidee", "Enregistrer la décision du comité"),
        Transition(
            "revise",
            ["avis_commune", "comite"],
            "brouillon",
            "Reprendre l’analyse",
            reason_required=True,
        ),
    ],
    model="fonciere.OpportunityAnalysis",
    roles=MANAGERS,
)

WORKS_WORKFLOW = Workflow(
    "fonciere.works",
    [
        Transition("start", ["prevus"], "en_cours", "Commencer les travaux"),
        Transition("finish", ["en_cours"], "termines", "Réceptionner les travaux"),
    ],
    model="fonciere.Works",
    roles=MANAGERS,
)

# The sale of a premises: the offer is accepted or declined (the tenant's silence for a
# month is a refusal, L145-46-1 C. com.), then the deed completes it.
SALE_WORKFLOW = Workflow(
    "fonciere.sale",
    [
        Transition("accept", ["offerte"], "acceptee", "Enregistrer l’acceptation"),
        Transition(
            "decline",
            ["offerte", "acceptee"],
            "refusee",
            "Enregistrer le refus ou l’expiration",
            reason_required=True,
        ),
        Transition("complete", ["acceptee"], "vendue", "Enregistrer l’acte de vente"),
    ],
    model="fonciere.Sale",
    roles=MANAGERS,
)

# Letting: the committee chooses one candidate with reasons; the others are not chosen.
LETTING_WORKFLOW = Workflow(
    "fonciere.letting",
    [
        Transition("choose", ["recue"], "retenue", "Retenir la candidature"),
        Transition("set_aside", ["recue"], "non_retenue", "Ne pas retenir", reason_required=True),
    ],
    model="fonciere.LettingApplication",
    roles=MANAGERS,
)
