"""What a reader sees on a rendered page, and the internal codes or English words in it.

`visible_text(html)` keeps the text of the page and the attributes read aloud or shown
(aria-label, title, placeholder, alt), without scripts, styles, templates, hidden elements
and what a page marks `data-technical` on purpose: the raw data an administrator unfolds in
the audit journal, the file names and checksums of the public sources.
`leaks(text)` lists what a user must never see: dotted action codes
(funding.dossier.submit), snake_case identifiers (plan_financement), ALL_CAPS enum values
(ETUDES, TRAVAUX_LOCAUX), rates written as fractions (0,50) and English words of a list.
"""

import re
from html.parser import HTMLParser

SKIPPED = {"script", "style", "template", "noscript"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
SPOKEN = ("aria-label", "title", "placeholder", "alt")

# Acronyms and proper names written in capitals that are French usage, not codes.
ACRONYMS = {
    "FIMACS",
    "INSEE",
    "SIRENE",
    "SIRET",
    "CSV",
    "XLSX",
    "PDF",
    "ODT",
    "API",
    "RGAA",
    "DSFR",
    "CCI",
    "CMA",
    "EPT",
    "QPV",
    "IRIS",
    "BPE",
    "ORT",
    "ACV",
    "HT",
    "TTC",
    "CGCT",
    "NAF",
    "GPS",
    "PROCOS",
    "BANATIC",
    "OPENDATASOFT",
    "ADEME",
    "ANCT",
    "PLU",
    "PLUI",
    "SCOT",
    "EPCI",
    "DGFIP",
    "URSSAF",
    "APUR",
    "IAU",
    "CEREMA",
    "CDAC",
    "FISAC",
    "FNADT",
    "DETR",
    "DSIL",
    "GEOJSON",
    "JSON",
    "HTML",
    "HTTP",
    "HTTPS",
    "URL",
    "RIB",
    "TVA",
    "SNCF",
    "RATP",
    "SGP",
    "SIREN",
    "DINUM",
    "ADMIN",
    "EXPRESS",
    "IGN",
    "SHA",
    "NOTE",
    "MGP",
    "CNIL",
    "RGPD",
    "AFNOR",
    "ISO",
    "UTC",
    "SIG",
    "BAN",
}
ENGLISH = [
    "Zoom in",
    "Zoom out",
    "Parameters",
    "Submit",
    "Cancel",
    "Delete",
    "Search",
    "Loading",
    "Next",
    "Previous",
    "Page not found",
    "Server Error",
    "Not Found",
    "Forbidden",
    "None",
    "True",
    "False",
    "Save",
    "Edit",
    "Download",
    "Upload",
    "Settings",
    "Dashboard",
    "Logout",
    "Login",
    "Sign in",
    "Required",
    "Optional",
    "Unknown",
    "Error",
    "Warning",
    "Details",
]

EMAIL = re.compile(r"\S+@\S+")
URL = re.compile(r"\b(?:https?://|www\.)\S+|/[\w\-./]+/|\b[\w-]+\.(?:fr|com|org|gouv\.fr)\b")
FILE = re.compile(r"\b[\w\-]+\.(?:csv|xlsx|pdf|odt|json|geojson|zip|txt|png|jpg)\b", re.I)
CHECKS = {
    "dotted code": re.compile(r"\b[a-z]+(?:\.[a-z_]+){2,}\b"),
    "snake_case": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "ALL_CAPS value": re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b[A-ZÉÈ]{5,}\b"),
    "rate as a fraction": re.compile(
        r"(?<![\d,.])0[,.]\d{1,4}\b(?!\s*(?:[€%]|m\b|km\b|ha\b|points?\b))"
    ),
}


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._stack, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hide = (
            tag in SKIPPED
            or "hidden" in attrs
            or attrs.get("aria-hidden") == "true"
            or "data-technical" in attrs
        )
        if tag in VOID:
            if not self._hidden and not hide:
                self._spoken(attrs)
                if tag == "input" and attrs.get("type") in ("submit", "button"):
                    self.parts.append(attrs.get("value") or "")
            return
        self._stack.append(hide)
        self._hidden += hide
        if not self._hidden:
            self._spoken(attrs)

    def _spoken(self, attrs):
        self.parts.extend(attrs[name] for name in SPOKEN if attrs.get(name))

    def handle_endtag(self, tag):
        if tag in VOID or not self._stack:
            return
        self._hidden -= self._stack.pop()

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def leaks(text: str, *, allowed=()) -> list[str]:
    """The internal codes and English words in `text` (as « kind: match »)."""
    text = FILE.sub(" ", URL.sub(" ", EMAIL.sub(" ", text)))
    found = []
    for kind, pattern in CHECKS.items():
        for match in pattern.findall(text):
            if match in ACRONYMS or match in allowed:
                continue
            found.append(f"{kind}: {match}")
    for word in ENGLISH:
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            found.append(f"English: {word}")
    return sorted(set(found))
