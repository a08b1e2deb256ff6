"""iCalendar output against RFC 5545: escaping (§3.3.11), folding (§3.1), UTC times (§3.3.5)."""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from cvv.events import ical

PARIS = ZoneInfo("Europe/Paris")
STAMP = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_escaping_golden():
    assert ical.escape_text("Atelier; vitrines, enseignes\\ et\nbaux") == (
        "Atelier\\; vitrines\\, enseignes\\\\ et\\nbaux"
    )
    assert ical.escape_text("ligne\r\nsuivante") == "ligne\\nsuivante"


def test_paris_times_are_written_in_utc():
    # 15 October 2027 09:30 in Paris is summer time (UTC+2); 3 December is winter (UTC+1).
    assert ical.utc(dt.datetime(2027, 10, 15, 9, 30, tzinfo=PARIS)) == "20271015T073000Z"
    assert ical.utc(dt.datetime(2027, 12, 3, 9, 30, tzinfo=PARIS)) == "20271203T083000Z"


def test_folding_golden():
    line = "SUMMARY:" + "é" * 40  # 8 + 80 octets
    folded = ical.fold(line)
    first, second = folded.split("\r\n")
    assert len(first.encode()) == 75 - 1  # an "é" (2 octets) would cross 75: cut before
    assert second.startswith(" ") and "".join([first, second[1:]]) == line


def test_calendar_document():
    text = ical.calendar(
        [{"uid": "evenement-1@cvv", "title": "Assises, 2027", "start": dt.datetime(
            2027, 10, 15, 9, tzinfo=PARIS), "end": dt.datetime(2027, 10, 15, 17, tzinfo=PARIS),
          "location": "Saint-Ouen", "cancelled": True}],
        name="Événements", stamp=STAMP,
    )  # fmt: skip
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "SUMMARY:Assises\\, 2027" in lines
    assert "DTSTART:20271015T070000Z" in lines and "DTEND:20271015T150000Z" in lines
    assert "DTSTAMP:20261201T090000Z" in lines and "STATUS:CANCELLED" in lines
    assert "\n" not in text.replace("\r\n", "")


@given(st.text(max_size=300))
def test_folded_lines_never_exceed_75_octets_and_unfold_to_the_original(text):
    line = "DESCRIPTION:" + ical.escape_text(text)
    folded = ical.fold(line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode()) <= 75 for part in parts[:1])
    assert all(len(part.encode()) <= 74 for part in parts[1:])
    assert "".join(parts) == line
    # escaped text has no raw line break, comma or semicolon left
    body = line[len("DESCRIPTION:") :]
    assert "\n" not in body and "\r" not in body
    assert all(body[i - 1] == "\\" for i, c in enumerate(body) if c in ",;")
