"""The FIMACS documents generated from editable templates (see cvv.letters): the convention
and the letter notifying the committee's decision. The shipped templates are built by
`scripts/build_letter_templates.py`; the legal team replaces them from the templates page."""

from pathlib import Path

from cvv.letters.registry import LetterKind

HERE = Path(__file__).resolve().parent / "letter_templates"

COMMON = {
    "commune": "Nom de la commune bénéficiaire",
    "code": "Code INSEE de la commune",
    "title": "Intitulé du projet",
    "reference": "Référence du dossier (FIM-…)",
    "edition": "Édition du programme",
    "reglement": "Règlement FIMACS appliqué",
    "decided_on": "Date de la décision du comité",
    "granted": "Montant de l’aide accordée",
    "conditions": "Conditions de l’aide",
    "today": "Date du jour",
}

SAMPLE = {
    "number": "CONV-FIM-2026-0001",
    "commune": "Aulnay-sous-Bois",
    "code": "93005",
    "title": "Rénovation des vitrines du centre-ville",
    "reference": "FIM-2026-0001",
    "edition": "Édition 2026",
    "reglement": "FIMACS-2026",
    "decided_on": "15/03/2026",
    "granted": "82 500,00 €",
    "conditions": "Aucune condition particulière.",
    "today": "16/03/2026",
    "advance": "30 %",
    "interim": "80 %",
    "start_deadline": "15/03/2027",
    "final_deadline": "15/03/2029",
    "categories": ["Travaux sur locaux commerciaux : 82 500,00 € (taux 50 %)"],
    "decision": "accorde une aide de 82 500,00 €",
    "reasons": "Projet conforme au règlement.",
}

CONVENTION = LetterKind(
    code="funding.convention",
    label="Convention attributive FIMACS",
    default=HERE / "convention.odt",
    description="Générée par l’instruction après l’octroi, signée par les deux parties.",
    fields={
        "number": "Numéro de la convention",
        **COMMON,
        "advance": "Avance maximale, en % de l’aide",
        "interim": "Plafond des acomptes cumulés, en % de l’aide",
        "start_deadline": "Date limite de commencement des travaux",
        "final_deadline": "Date limite de la demande de solde",
        "categories": "Aide par catégorie de dépense (une ligne par catégorie)",
    },
    sample=SAMPLE,
)

DECISION_LETTER = LetterKind(
    code="funding.decision_letter",
    label="Lettre de notification de la décision FIMACS",
    default=HERE / "decision_letter.odt",
    description="Adressée à la commune après la décision du comité (octroi, refus ou ajournement).",
    fields={
        **COMMON,
        "decision": "La décision, en une phrase (« accorde une aide de … », « ne retient pas… »)",
        "reasons": "Motifs de la décision",
    },
    sample=SAMPLE,
)

KINDS = [CONVENTION, DECISION_LETTER]
