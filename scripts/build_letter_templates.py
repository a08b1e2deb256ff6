"""Build the templates shipped with the code (`cvv/<app>/letter_templates/*.odt`) with odfpy.

Run: `.venv/bin/python scripts/build_letter_templates.py`. The files are committed; the legal
team replaces them from the platform's templates page (`/modeles-de-documents/`) without a
deployment, so this script only matters for the defaults. Fields are written `{{ name }}`."""

from pathlib import Path

from odf.opendocument import OpenDocumentText
from odf.style import ParagraphProperties, Style, TextProperties
from odf.text import H, P

ROOT = Path(__file__).resolve().parent.parent

CONVENTION = [
    (
        "h1",
        "Convention attributive d’une aide du Fonds d’investissement métropolitain pour "
        "l’artisanat et le commerce de proximité (FIMACS)",
    ),
    ("p", "Convention n° {{ number }}"),
    (
        "p",
        "Entre la Métropole du Grand Paris, ci-après « la Métropole », et la commune de "
        "{{ commune }} (code INSEE {{ code }}), ci-après « le bénéficiaire ».",
    ),
    ("h2", "Article 1 — Objet"),
    (
        "p",
        "La Métropole attribue au bénéficiaire une aide pour le projet « {{ title }} » "
        "(dossier {{ reference }}), dans le cadre de l’édition « {{ edition }} » du programme "
        "Centres-Villes Vivants, selon le règlement FIMACS {{ reglement }}.",
    ),
    ("h2", "Article 2 — Montant de l’aide"),
    (
        "p",
        "L’aide accordée par le comité du {{ decided_on }} s’élève à {{ granted }}, répartie "
        "comme suit :",
    ),
    ("p", "{{ categories }}"),
    (
        "p",
        "L’aide est un maximum : elle est réduite en proportion si la dépense éligible "
        "réalisée est inférieure à la dépense prévue.",
    ),
    ("h2", "Article 3 — Conditions"),
    ("p", "{{ conditions }}"),
    ("h2", "Article 4 — Versements"),
    (
        "p",
        "Une avance de {{ advance }} au plus de l’aide peut être versée à la signature. Les "
        "acomptes, cumulés avec l’avance, ne dépassent pas {{ interim }} de l’aide. Le solde "
        "est versé sur justification de l’achèvement et des dépenses réalisées.",
    ),
    ("h2", "Article 5 — Délais et caducité"),
    (
        "p",
        "Les travaux commencent au plus tard le {{ start_deadline }}, faute de quoi l’aide "
        "devient caduque. La demande de solde est présentée au plus tard le "
        "{{ final_deadline }}.",
    ),
    ("p", "Fait en deux exemplaires, le {{ today }}."),
    ("p", "Pour la Métropole : ________          Pour la commune : ________"),
]

DECISION_LETTER = [
    ("p", "Métropole du Grand Paris — Programme Centres-Villes Vivants"),
    ("p", "À l’attention de Madame ou Monsieur le Maire de {{ commune }} ({{ code }})"),
    ("p", "Le {{ today }}"),
    ("h2", "Objet : décision du comité FIMACS — dossier {{ reference }}"),
    ("p", "Madame, Monsieur le Maire,"),
    (
        "p",
        "Le comité du Fonds d’investissement métropolitain pour l’artisanat et le commerce de "
        "proximité, réuni le {{ decided_on }}, a examiné la demande de votre commune pour le "
        "projet « {{ title }} » (édition « {{ edition }} », règlement {{ reglement }}).",
    ),
    ("p", "Le comité {{ decision }}."),
    ("p", "Motifs : {{ reasons }}"),
    ("p", "Conditions : {{ conditions }}"),
    (
        "p",
        "Le dossier, ses pièces et les prochaines étapes sont consultables sur la plateforme "
        "Centres-Villes Vivants. Vos interlocuteurs du programme restent à votre disposition.",
    ),
    (
        "p",
        "Je vous prie d’agréer, Madame, Monsieur le Maire, l’expression de ma considération "
        "distinguée.",
    ),
    ("p", "Pour le Président de la Métropole du Grand Paris"),
]

RENT_CALL = [
    ("h1", "Avis d’échéance — bail n° {{ lease }}"),
    ("p", "{{ issuer }}"),
    ("p", "Le {{ today }}"),
    ("p", "À l’attention de {{ tenant }}"),
    ("p", "Local : {{ premises }}, {{ commune }}."),
    (
        "p",
        "Période du {{ period_start }} au {{ period_end }}, échéance le {{ due_on }}. "
        "Référence à rappeler sur le virement : {{ payment_reference }}.",
    ),
    ("h2", "Sommes appelées"),
    ("p", "{{ lines }}"),
    ("p", "Total à payer : {{ total }}"),
    ("p", "{{ demo }}"),
]


def build(blocks, path: Path) -> None:
    document = OpenDocumentText()
    body = Style(name="Corps", family="paragraph")
    body.addElement(ParagraphProperties(margintop="0.1cm", marginbottom="0.2cm"))
    body.addElement(TextProperties(fontsize="11pt"))
    document.styles.addElement(body)
    for kind, text in blocks:
        if kind in ("h1", "h2"):
            document.text.addElement(H(outlinelevel=1 if kind == "h1" else 2, text=text))
        else:
            document.text.addElement(P(stylename=body, text=text))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    print(f"{path.relative_to(ROOT)} ({path.stat().st_size} octets)")


if __name__ == "__main__":
    build(CONVENTION, ROOT / "cvv/funding/letter_templates/convention.odt")
    build(DECISION_LETTER, ROOT / "cvv/funding/letter_templates/decision_letter.odt")
    build(RENT_CALL, ROOT / "cvv/fonciere/letter_templates/rent_call.odt")
