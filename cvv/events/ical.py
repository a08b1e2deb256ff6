"""iCalendar (RFC 5545) for events: one file per event and a feed of every published one
(text escaping, folding and UTC times: `cvv.core.ical`).

Pure functions. Rules applied (RFC 5545):
- text values escape backslash, semicolon, comma and newlines (§3.3.11);
- content lines are folded at 75 octets, continuation lines start with one space, never
  splitting a UTF-8 character (§3.1);
- times are written in UTC with the `Z` suffix (§3.3.5, form #2), so no VTIMEZONE is needed;
- lines end with CRLF; each VEVENT has a stable UID and a DTSTAMP (§3.6.1).
"""

import datetime as dt

from cvv.core.ical import escape_text, fold, utc

PRODID = "-//Metropole du Grand Paris//Centres-Villes Vivants//FR"


def _vevent(item: dict, stamp: dt.datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{item['uid']}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(item['start'])}",
        f"DTEND:{utc(item['end'])}",
        f"SUMMARY:{escape_text(item['title'])}",
    ]
    if item.get("description"):
        lines.append(f"DESCRIPTION:{escape_text(item['description'])}")
    if item.get("location"):
        lines.append(f"LOCATION:{escape_text(item['location'])}")
    if item.get("url"):
        lines.append(f"URL:{item['url']}")
    if item.get("cancelled"):
        lines.append("STATUS:CANCELLED")
    lines.append("END:VEVENT")
    return lines


def calendar(items: list[dict], *, name: str, stamp: dt.datetime) -> str:
    """A VCALENDAR of `items` (dicts: uid, title, start, end, description, location, url,
    cancelled)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}"]  # fmt: skip
    for item in items:
        lines += _vevent(item, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
