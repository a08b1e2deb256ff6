"""Badges to print (PDF, reportlab, no external service) with a QR code per registration.

The QR code carries the address of the event's check-in page with the registration's signed
check-in code (`…/evenements/<slug>/accueil/?code=<code>`): a phone's own camera opens the
page with the code filled in, a scanner typing into the code field works as well (the
check-in page reads the code out of the address, `tokens.code_from_scan`), and a forged or
reused code is refused there as a typed one. Eight badges (9 × 6.5 cm) per A4 page, with
cutting frames; one badge per person holding a confirmed place."""

import io
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

from cvv.audit.services import log_action
from cvv.events import tokens
from cvv.events.enums import RegistrationState

BADGE_W, BADGE_H = 9 * cm, 6.5 * cm
COLUMNS, ROWS = 2, 4
QR_SIZE = 3.4 * cm
PRINTABLE = (RegistrationState.CONFIRMED, RegistrationState.ATTENDED)


def printable(registration) -> bool:
    return registration.state in PRINTABLE


def qr_payload(registration) -> str:
    """What the QR code carries: the check-in page's address with the signed code."""
    code = tokens.make(registration, tokens.CHECK_IN)
    page = reverse("events:check_in", args=[registration.event.slug])
    return f"{settings.SITE_URL.rstrip('/')}{page}?code={quote(code, safe=':')}"


QUIET = 4  # modules of white border around the code (the QR standard's quiet zone)


def qr_matrix(value: str) -> list[list[bool]]:
    """The QR code's modules (reportlab's encoder, error correction M), rows top to bottom."""
    widget = QrCodeWidget(value, barLevel="M")
    widget.qr.make()
    return [[bool(m) for m in row] for row in widget.qr.modules]


def _runs(row):
    """(start, length) of each run of dark modules of a row."""
    start = None
    for i, dark in enumerate([*row, False]):
        if dark and start is None:
            start = i
        elif not dark and start is not None:
            yield start, i - start
            start = None


def _draw_qr(pdf, matrix, x, y, size):
    box = size / (len(matrix) + 2 * QUIET)
    pdf.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(matrix):
        for start, length in _runs(row):
            pdf.rect(x + (start + QUIET) * box, y + size - (r + QUIET + 1) * box,
                     length * box, box, stroke=0, fill=1)  # fmt: skip


def qr_svg(registration) -> bytes:
    """The QR code alone, as SVG (shown on the person's registration page)."""
    matrix = qr_matrix(qr_payload(registration))
    side = len(matrix) + 2 * QUIET
    path = "".join(
        f"M{start + QUIET} {r + QUIET}h{length}v1h-{length}z"
        for r, row in enumerate(matrix)
        for start, length in _runs(row)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" '
        f'shape-rendering="crispEdges"><rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/></svg>'
    ).encode()


def _fit(pdf, text, font, size, width):
    while size > 7 and pdf.stringWidth(text, font, size) > width:
        size -= 0.5
    while pdf.stringWidth(text, font, size) > width and len(text) > 4:
        text = text[:-2] + "…"
    return text, size


def _badge(pdf, registration, x, y):
    event = registration.event
    pdf.setLineWidth(0.3)
    pdf.setDash(2, 2)
    pdf.rect(x, y, BADGE_W, BADGE_H)
    pdf.setDash()
    pad = 0.4 * cm
    text_w = BADGE_W - QR_SIZE - 3 * pad
    title, size = _fit(pdf, event.title, "Helvetica", 8, BADGE_W - 2 * pad)
    pdf.setFont("Helvetica", size)
    pdf.drawString(x + pad, y + BADGE_H - pad - 0.2 * cm, title)
    when = timezone.localtime(event.starts_at).strftime("%d/%m/%Y")
    pdf.drawString(x + pad, y + BADGE_H - pad - 0.6 * cm, f"{when} — {event.venue}"[:60])
    top = y + BADGE_H - 2.2 * cm
    for text, font, size in (
        (registration.first_name, "Helvetica-Bold", 16),
        (registration.last_name.upper(), "Helvetica-Bold", 16),
        (registration.organisation, "Helvetica", 10),
        (registration.category.get_category_display(), "Helvetica-Oblique", 9),
    ):
        if not text:
            continue
        text, size = _fit(pdf, text, font, size, text_w)
        pdf.setFont(font, size)
        pdf.drawString(x + pad, top, text)
        top -= size * 1.35
    _draw_qr(
        pdf,
        qr_matrix(qr_payload(registration)),
        x + BADGE_W - QR_SIZE - pad,
        y + pad + 0.4 * cm,
        QR_SIZE,
    )
    pdf.setFont("Helvetica", 7)
    pdf.drawRightString(x + BADGE_W - pad, y + pad, f"Inscription n° {registration.pk}")
    if event.synthetic or registration.synthetic:
        pdf.drawString(x + pad, y + pad, "Données de démonstration")


def render(registrations, *, title="Badges", progress=None) -> bytes:
    """The badges of these registrations, eight per page, in the order given; `progress`,
    if given, is called with the number of badges drawn after each page."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    width, height = A4
    margin_x = (width - COLUMNS * BADGE_W) / 2
    margin_y = (height - ROWS * BADGE_H) / 2
    count = 0
    for registration in registrations:
        slot = count % (COLUMNS * ROWS)
        if count and slot == 0:
            pdf.showPage()
            if progress is not None:
                progress(count)
        column, row = slot % COLUMNS, slot // COLUMNS
        _badge(pdf, registration, margin_x + column * BADGE_W,
               height - margin_y - (row + 1) * BADGE_H)  # fmt: skip
        count += 1
    if not count:
        pdf.setFont("Helvetica", 12)
        pdf.drawString(2 * cm, height - 3 * cm, "Aucune personne confirmée : aucun badge.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def to_print(event, category: str = ""):
    """The registrations holding a confirmed place (one category, or all), sorted by name."""
    rows = event.registrations.filter(state__in=PRINTABLE).select_related("category", "event")
    if category:
        rows = rows.filter(category__category=category)
    return rows.order_by("last_name", "first_name", "pk")


def batch(*, event, actor, category: str = "") -> bytes:
    """The organisers print the badges of every person holding a confirmed place (one
    category, or all), sorted by name; the printing is recorded."""
    from cvv.organisations.access import get_access

    if not get_access(actor).is_metropole_staff:
        raise PermissionDenied("Réservé aux organisateurs (équipes de la Métropole).")
    rows = list(to_print(event, category))
    log_action("events.badges.printed", actor=actor, obj=event,
               data={"count": len(rows), "category": category})  # fmt: skip
    return render(rows, title=f"Badges — {event.title}")
