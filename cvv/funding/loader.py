"""Installs the default règlement `defaut-2026` shipped with the platform (idempotent).

Used by the data migration (with historical models) and by `cvv fimacs load-default`."""

import json
from datetime import date
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
DEFAULT_CODE = "defaut-2026"


def default_data():
    return json.loads((REFERENCE_DIR / f"{DEFAULT_CODE}.json").read_text(encoding="utf-8"))


def install_reglement(data, *, reglement_model, parameter_model, category_model):
    """Create the version described by `data` unless a version with its code exists.

    Returns (reglement, created). An existing version is left untouched: voted versions are
    immutable and an administrator may have adopted the default one."""
    existing = reglement_model.objects.filter(code=data["code"]).first()
    if existing is not None:
        return existing, False
    reglement = reglement_model.objects.create(
        code=data["code"],
        title=data["title"],
        status="adopted",
        is_default=bool(data.get("is_default")),
        effective_from=date.fromisoformat(data["effective_from"]),
        notice=data.get("notice", ""),
        source=data.get("source", ""),
        deliberation="Paramètres par défaut de la plateforme (non votés)",
    )
    parameter_model.objects.bulk_create(
        parameter_model(
            reglement=reglement,
            position=index,
            key=p["key"],
            label=p["label"],
            unit=p["unit"],
            value=p["value"],
            source=p["source"],
        )
        for index, p in enumerate(data["parameters"])
    )
    category_model.objects.bulk_create(
        category_model(
            reglement=reglement,
            position=index,
            code=c["code"],
            label=c["label"],
            eligible=c["eligible"],
            base_rate=c["base_rate"],
            ceiling=c["ceiling"],
            source=c["source"],
        )
        for index, c in enumerate(data["categories"])
    )
    return reglement, True


def load_default():
    from cvv.funding.models import Reglement, ReglementCategory, ReglementParameter

    return install_reglement(
        default_data(),
        reglement_model=Reglement,
        parameter_model=ReglementParameter,
        category_model=ReglementCategory,
    )
