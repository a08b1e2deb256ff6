"""Import of INSEE's published index series files (ILC, ILAT).

Two formats: the BDM series file (a few header lines, then one `YYYY-Tn;value` line per
quarter) and a plain `quarter,value` CSV. Atomic: a file with one bad line imports nothing
and names the line; values already stored for a quarter are replaced by the file's."""

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from cvv.fonciere.models import IndexValue

MAX_BYTES = 2_000_000
LINE = re.compile(r'^"?(\d{4})-T([1-4])"?\s*[;,]\s*"?([0-9]+(?:[.,][0-9]+)?)"?\s*$')
TITLE = re.compile(r"\b(ILC|ILAT)\b|loyers commerciaux|activités tertiaires", re.IGNORECASE)


class IndexImportError(ValueError):
    pass


def parse(text, index=None):
    """(index, [(year, quarter, value)]) of a series file."""
    rows, guessed = [], index
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = LINE.match(line)
        if match:
            try:
                value = Decimal(match[3].replace(",", "."))
            except InvalidOperation:
                raise IndexImportError(f"ligne {number} : valeur illisible") from None
            if not Decimal("1") <= value <= Decimal("10000"):
                raise IndexImportError(f"ligne {number} : valeur hors limites ({value})")
            rows.append((int(match[1]), int(match[2]), value))
        elif rows:
            raise IndexImportError(f"ligne {number} : attendu « AAAA-Tn;valeur »")
        elif guessed is None and (found := TITLE.search(line)):
            word = found.group(0).lower()
            guessed = "ILAT" if "ILAT" in found.group(0) or "tertiaires" in word else "ILC"
    if not rows:
        raise IndexImportError("aucune valeur trimestrielle trouvée")
    if guessed not in ("ILC", "ILAT"):
        raise IndexImportError("indice inconnu : précisez --index ILC ou ILAT")
    return guessed, rows


def import_index_file(path, *, index=None) -> int:
    file = Path(path)
    if not file.is_file():
        raise IndexImportError(f"fichier introuvable : {path}")
    if file.stat().st_size > MAX_BYTES:
        raise IndexImportError("fichier trop volumineux (2 Mo au plus)")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = file.read_text(encoding="latin-1")
    index, rows = parse(text, index)
    with transaction.atomic():
        for year, quarter, value in rows:
            IndexValue.objects.update_or_create(
                index=index, year=year, quarter=quarter,
                defaults={"value": value, "source": file.name[:200]},
            )  # fmt: skip
    return len(rows)
