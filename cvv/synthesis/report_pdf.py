"""The yearly report as PDF (reportlab: text, tables and bar charts, no external service)."""

import io
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from cvv.synthesis.report import intro

BLUE = colors.HexColor("#1d4f91")


def bar_chart(chart, width=16 * cm) -> Drawing:
    labels, values = chart["labels"], [float(v) for v in chart["values"]]
    height = 1.0 * cm + 0.7 * cm * max(len(values), 1)
    drawing = Drawing(width, height)
    bars = HorizontalBarChart()
    bars.x, bars.y = 6 * cm, 0.6 * cm
    bars.width, bars.height = width - 7 * cm, height - 1.0 * cm
    bars.data = [values or [0]]
    bars.categoryAxis.categoryNames = [str(label)[:40] for label in labels] or [""]
    bars.categoryAxis.labels.fontSize = 7
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.valueMin = min(0, *values) if values else 0
    bars.bars[0].fillColor = BLUE
    drawing.add(bars)
    return drawing


def render(report) -> bytes:
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=report["title"],
        author="Métropole du Grand Paris — Centres-Villes Vivants",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
    )
    story = [
        Paragraph(escape(report["title"]), styles["Title"]),
        Paragraph(escape(report["subtitle"]), styles["Heading3"]),
    ]
    story += [Paragraph(escape(line), styles["BodyText"]) for line in intro(report)]
    for section in report["sections"]:
        story.append(Paragraph(escape(section["title"]), styles["Heading1"]))
        story += [Paragraph(escape(p), styles["BodyText"]) for p in section.get("paragraphs", [])]
        for table in section.get("tables", []):
            rows = [table["columns"], *table["rows"]]
            flow = Table(
                [
                    [Paragraph(escape(str(cell)), styles["BodyText"]) for cell in row]
                    for row in rows
                ],
                repeatRows=1,
            )
            flow.setStyle(
                TableStyle(
                    [
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [Spacer(1, 0.2 * cm), Paragraph(escape(table["title"]), styles["Heading4"])]
            story.append(flow)
        for chart in section.get("charts", []):
            title = f"{chart['title']} ({chart['unit']})" if chart.get("unit") else chart["title"]
            story.append(
                KeepTogether([Paragraph(escape(title), styles["Heading4"]), bar_chart(chart)])
            )
    document.build(story)
    return buffer.getvalue()
