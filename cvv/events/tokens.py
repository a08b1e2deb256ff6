"""Signed codes of a registration: the link to manage or cancel it, the check-in code shown
at the entrance, and the verification code of an attendance certificate. Each is signed
with the site's secret and its own salt, so a code of one kind is refused as another and a
forged or altered code never names a registration."""

from django.core import signing

MANAGE = "cvv.events.registration.manage"
CHECK_IN = "cvv.events.registration.check_in"
CERTIFICATE = "cvv.events.registration.certificate"


def make(registration, salt: str) -> str:
    return signing.Signer(salt=salt).sign(str(registration.pk))


def read(code: str, salt: str) -> int | None:
    """The registration id a code names, or None when it is forged or of another kind."""
    try:
        value = signing.Signer(salt=salt).unsign((code or "").strip())
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def code_from_scan(text: str) -> str:
    """The check-in code in what was scanned or typed: the code itself, or the address the
    badge's QR code carries (`…/accueil/?code=<code>`, opened by a phone's camera)."""
    text = (text or "").strip()
    if "code=" not in text:
        return text
    from urllib.parse import parse_qs, urlsplit

    values = parse_qs(urlsplit(text).query).get("code") or [""]
    return values[0].strip()
