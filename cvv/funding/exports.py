"""Exports of committee sessions: minutes (ODT, odfpy) and the list of decisions
(CSV/XLSX/ODS through cvv.core.exports)."""

import io

from cvv.funding.engine import euros


def decision_columns():
    return [
        ("position", "N°"),
        ("reference", "Dossier"),
        ("commune", "Commune"),
        ("code", "Code INSEE"),
        ("title", "Projet"),
        ("requested", "Aide demandée (€)"),
        ("proposed", "Montant proposé (€)"),
        ("decision", "Décision"),
        ("decided", "Montant accordé (€)"),
        ("conditions", "Conditions"),
        ("reasons", "Motifs"),
    ]


def decision_rows(session):
    for item in session.items.select_related("dossier__commune").order_by("position"):
        dossier = item.dossier
        yield {
            "position": item.position,
            "reference": dossier.reference,
            "commune": dossier.commune.nom,
            "code": dossier.commune.code,
            "title": dossier.title,
            "requested": dossier.requested_amount,
            "proposed": item.proposed_amount,
            "decision": item.get_decision_display() if item.decision else "non décidé",
            "decided": item.decided_amount,
            "conditions": item.conditions,
            "reasons": item.reasons,
        }


def minutes_odt(session) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    body = document.text
    body.addElement(H(outlinelevel=1, text=f"Procès-verbal — {session.title}"))
    body.addElement(
        P(text=f"Comité FIMACS du {session.date:%d/%m/%Y}, {session.place or 'lieu non précisé'}")
    )
    body.addElement(P(text=f"Édition : {session.edition}"))
    state = "arrêté" if session.state == "held" else "provisoire (séance non close)"
    body.addElement(P(text=f"Statut du procès-verbal : {state}."))
    body.addElement(H(outlinelevel=2, text="Décisions"))
    columns = decision_columns()
    table = Table(name="Decisions")
    table.addElement(TableColumn(numbercolumnsrepeated=len(columns)))

    def row(values):
        table_row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text="" if value is None else str(value)))
            table_row.addElement(cell)
        table.addElement(table_row)

    row([label for _, label in columns])
    total = 0
    for line in decision_rows(session):
        row([line[key] for key, _ in columns])
        total += line["decided"] or 0
    body.addElement(table)
    body.addElement(P(text=f"Total des aides accordées en séance : {euros(total)}."))
    body.addElement(H(outlinelevel=2, text="Compte rendu des débats"))
    for paragraph in (session.minutes or "Aucun compte rendu saisi.").splitlines():
        body.addElement(P(text=paragraph))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
