"""Rent call, receipt (quittance) and reminder letters as PDF (reportlab, generated here).

Each amount is printed next to its basis: the indexed annual rent (L145-39 C. com., L112-1
CMF), a franchise or a step (stipulation of the lease), the charges provision and the
regularisation (L145-40-2 C. com.). A receipt exists only for a call paid in full."""

import io
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cvv.fonciere import bank_import, deadlines
from cvv.fonciere.collection import REMINDER_LEVELS, remaining_due
from cvv.fonciere.indexation import ARTICLE_INDEXATION

ISSUER = "Foncière Centres-Villes Vivants (SEM) — Métropole du Grand Paris"


def euros(value: Decimal) -> str:
    text = f"{Decimal(value):,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text} €"


def _render(title, paragraphs, rows, *, synthetic, footer=()) -> bytes:
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=title, author=ISSUER,
                                 leftMargin=2 * cm, rightMargin=2 * cm)  # fmt: skip
    story = [Paragraph(escape(title), styles["Title"]), Paragraph(escape(ISSUER), styles["Normal"])]
    story.append(Spacer(1, 0.5 * cm))
    story += [Paragraph(escape(p), styles["BodyText"]) for p in paragraphs]
    if rows:
        table = Table(
            [[Paragraph(escape(str(c)), styles["BodyText"]) for c in row] for row in rows],
            colWidths=[9.5 * cm, 3 * cm, 4.5 * cm],
        )
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, "#888888"),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))  # fmt: skip
        story += [Spacer(1, 0.3 * cm), table]
    story += [Spacer(1, 0.3 * cm)] + [Paragraph(escape(p), styles["BodyText"]) for p in footer]
    if synthetic:
        story.append(Paragraph("Données de démonstration — sans valeur.", styles["Heading3"]))
    document.build(story)
    return buffer.getvalue()


def _head(call):
    lease = call.lease
    return [
        f"Bail n° {lease.reference} — {lease.premises.address}, {lease.commune.nom}.",
        f"Preneur : {lease.tenant_name}.",
        f"Période du {call.period_start:%d/%m/%Y} au {call.period_end:%d/%m/%Y}, "
        f"échéance le {call.due_on:%d/%m/%Y}. Référence à rappeler sur le virement : "
        f"{bank_import.call_reference(call)}.",
    ]


def lines(call):
    if call.kind == "regularisation":
        return [["Régularisation des charges", euros(call.charges),
                 deadlines.ARTICLES["charges_statement"]]]  # fmt: skip
    rent_basis = f"loyer annuel {euros(call.annual_rent)} ({ARTICLE_INDEXATION})"
    if call.explanation:
        rent_basis += f" ; {call.explanation}"
    rows = [
        ["Loyer HT de la période", euros(call.rent), rent_basis],
        ["Provision pour charges", euros(call.charges),
         "inventaire des charges du bail (art. L145-40-2 du code de commerce)"],
    ]  # fmt: skip
    if call.regularisation:
        rows.append(["Régularisation de loyer", euros(call.regularisation),
                     call.regularisation_label])  # fmt: skip
    return rows


def call_pdf(call) -> bytes:
    rows = [["Objet", "Montant", "Fondement"], *lines(call),
            ["Total à payer", euros(call.total), ""]]  # fmt: skip
    return _render(f"Avis d’échéance — bail n° {call.lease.reference}", _head(call), rows,
                   synthetic=call.lease.synthetic)  # fmt: skip


def receipt_available(call) -> bool:
    return call.payments.exists() and remaining_due(call) <= 0


def receipt_pdf(call) -> bytes:
    payments = list(call.payments.order_by("paid_on", "pk"))
    rows = [["Objet", "Montant", "Fondement"], *lines(call),
            ["Total reçu", euros(call.total), ""]]  # fmt: skip
    paid = "; ".join(f"{p.amount} € le {p.paid_on:%d/%m/%Y} ({p.get_source_display().lower()})"
                     for p in payments)  # fmt: skip
    footer = [
        f"La foncière donne quittance au preneur du paiement de cette échéance : {paid}.",
        "Cette quittance ne vaut pas renonciation aux sommes restant dues pour d’autres périodes.",
    ]
    return _render(f"Quittance — bail n° {call.lease.reference}", _head(call), rows,
                   synthetic=call.lease.synthetic, footer=footer)  # fmt: skip


def reminder_title(reminder) -> str:
    return f"{REMINDER_LEVELS[reminder.level]} — bail n° {reminder.rent_call.lease.reference}"


def reminder_text(reminder) -> list[str]:
    """The paragraphs of a reminder (its PDF letter and its e-mail)."""
    call = reminder.rent_call
    text = [
        *_head(call),
        f"Le {reminder.sent_on:%d/%m/%Y}, la somme de {euros(reminder.amount_due)} reste due "
        "sur cette échéance. Nous vous remercions de la régler sans délai.",
    ]
    if reminder.level == 3:
        text.append(
            "La présente vaut mise en demeure de payer. À défaut, la foncière pourra faire "
            "jouer la clause résolutoire du bail par commandement de payer visant l’art. "
            "L145-41 du code de commerce (délai d’un mois)."
        )
    return text


def reminder_pdf(reminder) -> bytes:
    return _render(reminder_title(reminder), reminder_text(reminder), [],
                   synthetic=reminder.rent_call.lease.synthetic)  # fmt: skip
