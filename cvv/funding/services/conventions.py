"""Conventions generated from a template with the dossier's data (ODT, odfpy)."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.funding.engine import euros, percent
from cvv.funding.models import Convention, Dossier
from cvv.funding.rules import rules_of
from cvv.funding.services.lapse import deadlines
from cvv.funding.workflows import DOSSIER

TEMPLATE = [
    (
        "h",
        "Convention attributive d’une aide du Fonds d’investissement métropolitain pour "
        "l’artisanat et le commerce de proximité (FIMACS)",
    ),
    ("p", "Convention n° {number}"),
    (
        "p",
        "Entre la Métropole du Grand Paris, ci-après « la Métropole », et la commune de "
        "{commune} (code INSEE {code}), ci-après « le bénéficiaire ».",
    ),
    ("h2", "Article 1 — Objet"),
    (
        "p",
        "La Métropole attribue au bénéficiaire une aide pour le projet « {title} » "
        "(dossier {reference}), dans le cadre de l’édition « {edition} » du programme "
        "Centres-Villes Vivants, selon le règlement FIMACS {reglement}.",
    ),
    ("h2", "Article 2 — Montant de l’aide"),
    (
        "p",
        "L’aide accordée par le comité du {decided_on} s’élève à {granted}, répartie comme suit :",
    ),
    ("list", "categories"),
    (
        "p",
        "L’aide est un maximum : elle est réduite en proportion si la dépense éligible "
        "réalisée est inférieure à la dépense prévue.",
    ),
    ("h2", "Article 3 — Conditions"),
    ("p", "{conditions}"),
    ("h2", "Article 4 — Versements"),
    (
        "p",
        "Une avance de {advance} au plus de l’aide peut être versée à la signature. Les "
        "acomptes, cumulés avec l’avance, ne dépassent pas {interim} de l’aide. Le solde est "
        "versé sur justification de l’achèvement et des dépenses réalisées.",
    ),
    ("h2", "Article 5 — Délais et caducité"),
    (
        "p",
        "Les travaux commencent au plus tard le {start_deadline}, faute de quoi l’aide "
        "devient caduque. La demande de solde est présentée au plus tard le {final_deadline}.",
    ),
    ("p", "Fait en deux exemplaires. Pour la Métropole : ________  Pour la commune : ________"),
]


def _context(dossier, number):
    rules = rules_of(dossier.reglement)
    decided = dossier.decided_on or timezone.localdate()
    start_deadline, final_deadline = deadlines(rules, decided)
    return {
        "number": number,
        "commune": dossier.commune.nom,
        "code": dossier.commune.code,
        "title": dossier.title,
        "reference": dossier.reference,
        "edition": str(dossier.edition),
        "reglement": dossier.reglement.code,
        "decided_on": decided.strftime("%d/%m/%Y"),
        "granted": euros(dossier.granted_amount),
        "conditions": dossier.decision_conditions or "Aucune condition particulière.",
        "advance": percent(rules.value("advance_cap")),
        "interim": percent(rules.value("interim_cap")),
        "start_deadline": start_deadline.strftime("%d/%m/%Y"),
        "final_deadline": final_deadline.strftime("%d/%m/%Y"),
        "categories": [
            f"{code} : {euros(amount)} (taux {percent(dossier.granted_rates.get(code, '0'))})"
            for code, amount in dossier.granted_by_category.items()
        ],
    }


def render_convention(dossier, number) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P

    context = _context(dossier, number)
    document = OpenDocumentText()
    for kind, text in TEMPLATE:
        if kind == "list":
            listing = List()
            for line in context[text]:
                item = ListItem()
                item.addElement(P(text=line))
                listing.addElement(item)
            document.text.addElement(listing)
        elif kind in ("h", "h2"):
            document.text.addElement(H(outlinelevel=1 if kind == "h" else 2, text=text))
        else:
            document.text.addElement(P(text=text.format(**context)))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


@transaction.atomic
def convention_generate(*, dossier, actor) -> Convention:
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.state != Dossier.State.GRANTED:
        raise ValidationError("La convention se prépare après l’octroi, avant la signature.")
    number = f"CONV-{dossier.reference}"
    content = render_convention(dossier, number)
    convention = Convention.objects.filter(dossier=dossier).first()
    if convention is None:
        convention = Convention(dossier=dossier, number=number, generated_by=actor)
    else:
        convention.generated_by = actor
        # The previous file goes only once the new one is committed: a rollback keeps it.
        storage, old_name = convention.file.storage, convention.file.name
        if old_name:
            transaction.on_commit(lambda: storage.delete(old_name))
    convention.file.save(f"{number}.odt", ContentFile(content), save=False)
    convention.save()
    log_action("funding.convention.generated", actor=actor, obj=dossier, data={"number": number})
    return convention


@transaction.atomic
def convention_sign(*, dossier, signed_on, actor) -> Dossier:
    DOSSIER.check(dossier, "sign_convention", actor)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    convention = Convention.objects.filter(dossier=dossier).first()
    if convention is None:
        raise ValidationError("Générez d’abord la convention.")
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "La date de signature est dans le futur."})
    if dossier.decided_on and signed_on < dossier.decided_on:
        raise ValidationError({"signed_on": "La signature précède la décision."})
    convention.signed_on, convention.signed_recorded_by = signed_on, actor
    convention.save(update_fields=["signed_on", "signed_recorded_by"])
    DOSSIER.apply(dossier, "sign_convention", actor=actor, data={"signed_on": signed_on})
    return dossier
