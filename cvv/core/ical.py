"""iCalendar (RFC 5545) text rules shared by the modules that publish calendars (events,
the foncière's deadlines). Pure functions:
- text values escape backslash, semicolon, comma and newlines (§3.3.11);
- content lines are folded at 75 octets, continuation lines start with one space, never
  splitting a UTF-8 character (§3.1);
- times are written in UTC with the `Z` suffix (§3.3.5, form #2), so no VTIMEZONE is needed.
"""

import datetime as dt


def escape_text(value: str) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line into chunks of at most 75 octets (the first) and 74 + the
    leading space (the others), cutting between characters."""
    out, current, limit = [], b"", 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current)
            current, limit = b"", 74
        current += encoded
    out.append(current)
    return "\r\n ".join(chunk.decode("utf-8") for chunk in out)


def utc(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("iCalendar: an aware datetime is required")
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
