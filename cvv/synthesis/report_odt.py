"""The yearly report as ODT (odfpy): the council's staff can edit it in LibreOffice; charts
are embedded as SVG pictures (drawn by reportlab), with their figures in a table next to them."""

import io

from odf import draw, table, text
from odf.opendocument import OpenDocumentText
from odf.style import (
    GraphicProperties,
    ParagraphProperties,
    Style,
    TableColumnProperties,
    TextProperties,
)
from reportlab.graphics import renderSVG

from cvv.synthesis.report import intro
from cvv.synthesis.report_pdf import bar_chart


def _styles(document):
    heading = {}
    for level, size in ((1, "20pt"), (2, "15pt"), (3, "12pt")):
        style = Style(name=f"Heading{level}", family="paragraph")
        style.addElement(TextProperties(fontsize=size, fontweight="bold"))
        style.addElement(ParagraphProperties(margintop="0.3cm", marginbottom="0.15cm"))
        document.styles.addElement(style)
        heading[level] = style
    header = Style(name="TableHeader", family="paragraph")
    header.addElement(TextProperties(fontweight="bold"))
    document.styles.addElement(header)
    column = Style(name="Column", family="table-column")
    column.addElement(TableColumnProperties(columnwidth="4cm"))
    document.automaticstyles.addElement(column)
    frame = Style(name="Chart", family="graphic")
    frame.addElement(GraphicProperties(anchortype="paragraph"))
    document.automaticstyles.addElement(frame)
    return heading, header, column, frame


def render(report) -> bytes:
    document = OpenDocumentText()
    heading, header, column, frame = _styles(document)
    body = document.text
    body.addElement(text.H(outlinelevel=1, stylename=heading[1], text=report["title"]))
    body.addElement(text.P(text=report["subtitle"]))
    for line in intro(report):
        body.addElement(text.P(text=line))
    charts = 0
    for section in report["sections"]:
        body.addElement(text.H(outlinelevel=2, stylename=heading[2], text=section["title"]))
        for paragraph in section.get("paragraphs", []):
            body.addElement(text.P(text=paragraph))
        for item in section.get("tables", []):
            body.addElement(text.H(outlinelevel=3, stylename=heading[3], text=item["title"]))
            grid = table.Table(name=f"T{id(item)}")
            grid.addElement(
                table.TableColumn(numbercolumnsrepeated=len(item["columns"]), stylename=column)
            )
            for index, row in enumerate([item["columns"], *item["rows"]]):
                line = table.TableRow()
                for cell in row:
                    box = table.TableCell(valuetype="string")
                    box.addElement(text.P(text=str(cell), stylename=header if index == 0 else None))
                    line.addElement(box)
                grid.addElement(line)
            body.addElement(grid)
        for chart in section.get("charts", []):
            charts += 1
            title = f"{chart['title']} ({chart['unit']})" if chart.get("unit") else chart["title"]
            body.addElement(text.H(outlinelevel=3, stylename=heading[3], text=title))
            drawing = bar_chart(chart)
            svg = renderSVG.drawToString(drawing).encode("utf-8")
            href = document.addPicture(f"Pictures/chart{charts}.svg", "image/svg+xml", svg)
            holder = text.P()
            box = draw.Frame(
                stylename=frame,
                width=f"{drawing.width / 28.35:.2f}cm",
                height=f"{drawing.height / 28.35:.2f}cm",
                anchortype="paragraph",
                name=f"Graphique {charts}",
            )
            box.addElement(draw.Image(href=href))
            holder.addElement(box)
            body.addElement(holder)
            figures = ", ".join(
                f"{label} : {value}"
                for label, value in zip(chart["labels"], chart["values"], strict=False)
            )
            body.addElement(text.P(text=f"Données du graphique — {figures}."))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
