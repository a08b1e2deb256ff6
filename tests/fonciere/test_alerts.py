"""Deadline alerts and the calendar: every legal deadline with its article, the foncière's
officers and the commune's people told 30 then 7 days before (in the platform and by
e-mail), once each; the calendar by month and as an iCalendar file, scoped."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from cvv.fonciere import alerts, services
from cvv.premises.models import Premises
from cvv.programme.models import Notification
from tests.factories import commune

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def chain(users):
    officer = users["fonciere_officer"]
    premises = Premises.objects.create(commune=commune("93005"), address="4 rue", status="vacant")
    opportunity = services.opportunity_create(
        actor=officer, premises=premises, source="dia_commerce", received_on=D(2026, 1, 10),
        price=Decimal("180000"),
    )  # fmt: skip
    lease = services.lease_create(
        actor=officer, premises=premises, kind="commercial", tenant_name="Fleuriste",
        start=D(2021, 7, 1), rent=Decimal("24000"), reference_quarter="2021-T1",
    )  # fmt: skip
    services.lease_sign(actor=officer, lease=lease)
    return opportunity, lease


def test_calendar_lists_each_deadline_with_its_article(users, chain):
    opportunity, lease = chain
    items = alerts.calendar(users["fonciere_officer"], D(2026, 1, 1), D(2031, 1, 1))
    got = [(i.on, i.article, i.key) for i in items]
    # L214-1/R214-5 C. urb.: 10 January + 2 months.
    assert (D(2026, 3, 10), "art. L214-1 et R214-5 du code de l’urbanisme",
            f"opportunity:{opportunity.pk}") in got  # fmt: skip
    # L145-4/L145-9 C. com.: second triennial period ends 30/06/2027, notice 6 months before;
    # term 30/06/2030, the landlord's notice 6 months before.
    article = "art. L145-4 et L145-9 du code de commerce"
    assert (D(2026, 12, 30), article, f"lease:{lease.pk}:break2") in got
    assert (D(2029, 12, 30), article, f"lease:{lease.pk}:landlord") in got
    assert (D(2030, 6, 30), article, f"lease:{lease.pk}:term") in got
    assert [i.on for i in items] == sorted(i.on for i in items)
    assert alerts.calendar(users["other_commune_agent"], D(2026, 1, 1), D(2031, 1, 1)) == []
    assert len(alerts.calendar(users["commune_agent"], D(2026, 1, 1), D(2031, 1, 1))) == 4


def test_alerts_at_30_then_7_days_once_each(users, chain, mailoutbox,
                                             django_capture_on_commit_callbacks):  # fmt: skip
    opportunity, _lease = chain
    told = {users["fonciere_officer"], users["commune_agent"], users["commerce_manager"]}
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.alerts_send(today=D(2026, 2, 8)) == 1  # 30 days before 10/03
    notes = Notification.objects.filter(kind="fonciere")
    assert {n.user for n in notes.all()} == told
    text = notes.first().text
    assert text.startswith("Échéance dans 30 jours — Opportunité n°")
    assert "au plus tard le 10/03/2026 — art. L214-1 et R214-5" in text
    assert notes.first().url == reverse("fonciere:opportunity", args=[opportunity.pk])
    assert len(mailoutbox) == len(told)
    assert "10/03/2026" in mailoutbox[0].body
    # Once per threshold: the next days say nothing new, 7 days before it is said again.
    with django_capture_on_commit_callbacks(execute=True):
        alerts.alerts_send(today=D(2026, 2, 20))
        assert notes.count() == len(told)
        alerts.alerts_send(today=D(2026, 3, 5))
    assert notes.count() == 2 * len(told)
    assert notes.filter(text__startswith="Échéance dans 5 jours").count() == len(told)
    assert not Notification.objects.filter(user=users["other_commune_agent"]).exists()
    # Decided: no more alert.
    services.opportunity_decide(actor=users["fonciere_officer"], opportunity=opportunity,
                                preempt=True, on=D(2026, 3, 6))  # fmt: skip
    assert alerts.alerts_send(today=D(2026, 3, 9)) == 0


def test_alerts_command_and_calendar_page(client, users):
    officer = users["fonciere_officer"]
    premises = Premises.objects.create(commune=commune("93005"), address="7 rue", status="vacant")
    today = dt.date.today()
    opportunity = services.opportunity_create(
        actor=officer, premises=premises, source="dia_commerce",
        received_on=today - dt.timedelta(days=40),
    )  # fmt: skip
    out = io.StringIO()
    call_command("fonciere", "alerts", stdout=out)
    assert out.getvalue().strip() == "1 échéance(s) annoncée(s)."
    url = reverse("fonciere:calendar")
    client.force_login(users["commune_agent"])
    page = client.get(url).content.decode()
    assert f"Opportunité n° {opportunity.pk} (7 rue)" in page and "R214-5" in page
    assert f"{opportunity.deadline:%d/%m/%Y}" in page
    response = client.get(url, {"format": "ics"})
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"DTSTART;VALUE=DATE:{opportunity.deadline:%Y%m%d}" in body
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "R214-5 du code de l’urbanisme" in body.replace("\r\n ", "")
    client.force_login(users["other_commune_agent"])
    assert "Opportunité n°" not in client.get(url).content.decode()
