"""The kinds of documents generated from an editable template.

Each module declares its kinds in its own `letters.py` (`KINDS = [LetterKind(...)]`),
discovered like every plug-in (`cvv.core.plugins.app_modules`): the letters module never
imports a domain module. A kind names the fields a template may use, with what each holds,
and the template shipped with the code (used until the legal team uploads its own)."""

from dataclasses import dataclass, field
from pathlib import Path

from cvv.core.plugins import app_modules


@dataclass(frozen=True)
class LetterKind:
    code: str  # "<app>.<name>", e.g. "funding.convention"
    label: str  # French, shown to users
    default: Path  # the template shipped with the code
    fields: dict[str, str]  # field name → what it holds (French)
    sample: dict = field(default_factory=dict)  # example values for the preview
    description: str = ""


def kinds() -> dict[str, LetterKind]:
    found = {}
    for module in app_modules("letters"):
        for kind in getattr(module, "KINDS", ()):
            found[kind.code] = kind
    return found


def kind(code: str) -> LetterKind:
    try:
        return kinds()[code]
    except KeyError:
        raise LookupError(f"Unknown letter kind {code!r}") from None
