"""One normalisation of the e-mail address that identifies an account.

Used everywhere an address names an account: when the account is created or edited, when a
person logs in (by the authentication lookup), when failed logins are counted (django-axes),
when a password reset is throttled and when a ProConnect identity is matched. If any of these
saw a different form of the same address, `Amina@Test.cvv`, ` amina@test.cvv ` or the
full-width `ａｍｉｎａ@ｔｅｓｔ.ｃｖｖ` would be one account for the login but several for the
failure counter, and each variant would give fresh attempts on a locked account.
"""

import unicodedata


def normalize_email(value) -> str:
    """NFKC (compatibility forms fold to their plain letters), surrounding white space removed,
    lower case. `str.lower` rather than `casefold`: casefold turns "ß" into "ss" and would merge
    two addresses that mail servers keep apart. Never raises; `None` gives ""."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return unicodedata.normalize("NFKC", text.lower())


def axes_username(request, credentials=None) -> str:
    """The name django-axes counts failures under (setting AXES_USERNAME_CALLABLE): the
    normalised address, from the credentials given to `authenticate` or else the posted form."""
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    raw = None
    if credentials:
        raw = credentials.get(field)
    if raw is None and request is not None:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        raw = data.get(field)
    return normalize_email(raw)
