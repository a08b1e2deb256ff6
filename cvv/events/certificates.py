"""Attendance certificates (PDF, generated here with reportlab, no external service).

A certificate exists for a registration marked present at an event (training, Assises,
visit…); it states the person, the event, its date and, for a training, its hours, and
carries a verification code that the public page `/evenements/attestations/verifier/`
checks (a signed code: it cannot be made up)."""

import io

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

from cvv.events import tokens
from cvv.events.enums import RegistrationState


def available(registration) -> bool:
    """Every event gives one to the people marked present (the Assises included)."""
    return registration.state == RegistrationState.ATTENDED


def what(event) -> str:
    """What the person attended, as the certificate and its verification page say it."""
    if event.training_hours:
        return f"a suivi la formation « {event.title} »"
    return f"a participé à « {event.title} »"


def hours(value) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def render(registration) -> bytes:
    event = registration.event
    code = tokens.make(registration, tokens.CERTIFICATE)
    verify = settings.SITE_URL.rstrip("/") + reverse("events:verify")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(f"Attestation de présence — {registration.full_name}")
    width, height = A4
    y = height - 3 * cm
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawCentredString(width / 2, y, "Attestation de présence")
    pdf.setFont("Helvetica", 11)
    y -= 1.2 * cm
    pdf.drawCentredString(width / 2, y, "Métropole du Grand Paris — Centres-Villes Vivants")
    start = timezone.localtime(event.starts_at)
    lines = [
        "La Métropole du Grand Paris atteste que",
        f"{registration.full_name}" + (f" ({registration.organisation})"
                                       if registration.organisation else ""),
        what(event),
        f"le {start.strftime('%d/%m/%Y')}" + (f", {event.venue}" if event.venue else ""),
    ]  # fmt: skip
    if event.training_hours:
        lines.append(f"pour une durée de {hours(event.training_hours)} heure(s).")
    y -= 2 * cm
    for line in lines:
        pdf.drawCentredString(width / 2, y, line[:110])
        y -= 0.9 * cm
    if event.synthetic:
        y -= 0.5 * cm
        pdf.drawCentredString(width / 2, y, "Données de démonstration — sans valeur.")
    pdf.setFont("Helvetica", 9)
    pdf.drawString(2 * cm, 3 * cm, f"Code de vérification : {code}")
    pdf.drawString(2 * cm, 2.5 * cm, f"Vérifier : {verify}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
