"""Read-only access to the bundled reference data of the Métropole du Grand Paris.

The JSON files in ``cvv/territories/data`` are produced by ``scripts/build_reference_data.py``
(see ``data/README.md``). This module is pure Python and never imports Django, so it can be
used by settings, management commands, scripts and tests alike.

Each loader parses its file once and caches the result: treat the returned objects as
read-only (copy them before changing anything).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def load_territoires() -> dict:
    """The metropolis and its 12 territories (T1 Paris to T12), with their commune codes."""
    return _read("territoires.json")


@cache
def load_communes() -> list[dict]:
    """The 130 member communes, sorted by INSEE code, with GeoJSON contour and town hall."""
    return _read("communes.json")


@cache
def load_arrondissements() -> list[dict]:
    """The 20 municipal arrondissements of Paris (75101 to 75120)."""
    return _read("arrondissements.json")


@cache
def load_sources() -> dict:
    """Provenance of the data: packages, versions, SHA-256, licences, vintages, anomalies."""
    return _read("SOURCES.json")
