"""The external contracts: `cvv fonciere deadlines|index-rent --json` and the API."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cvv.fonciere.index_import import IndexImportError, import_index_file
from cvv.fonciere.models import IndexValue

pytestmark = pytest.mark.django_db
INDEX = {
    "index": "ILC", "rent": "24000.00", "start": "2021-07-01",
    "reference_quarter": "2021-T1", "on": "2025-03-15", "sme": True,
}  # fmt: skip


def run(action, payload, tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(payload))
    out = io.StringIO()
    call_command("fonciere", action, "--json", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_commands(tmp_path):
    assert run("deadlines", {"kind": "dia_commerce", "received": "2025-12-31"}, tmp_path) == {
        "deadline": "2026-02-28"
    }
    assert run("index-rent", INDEX, tmp_path)["rent"] == "26563.96"
    with pytest.raises(CommandError) as exc:
        run("index-rent", {**INDEX, "rent": "-5"}, tmp_path)
    assert exc.value.returncode == 2 and str(exc.value).startswith("rent:")


def test_api(client):
    url = "/api/v1/fonciere/"
    ok = client.post(url + "index-rent", INDEX, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["steps"][1]["capped"] is True
    payload = {"kind": "bail_commercial", "start": "2025-01-01", "years": 3}
    bad = client.post(url + "deadlines", payload, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "years"
    assert (
        client.post(url + "deadlines", "nope", content_type="application/json").status_code == 400
    )


def test_import_index_file_extends_the_series(tmp_path):
    path = tmp_path / "serie.csv"
    path.write_text(
        '"Libellé";"Indice des loyers commerciaux (ILC)"\n"Période";"Valeur"\n'
        "2025-T1;136.15\n2025-T2;137.11\n",
        encoding="utf-8",
    )
    assert import_index_file(path) == 2
    assert IndexValue.objects.get(index="ILC", year=2025, quarter=2).value == Decimal("137.11")
    # The 2025-07-01 anniversary is now computable (2025-T1).
    out = run("index-rent", {**INDEX, "on": "2025-07-01", "sme": False}, tmp_path)
    assert out["steps"][-1]["quarter"] == "2025-T1"
    bad = tmp_path / "bad.csv"
    bad.write_text("ILAT\n2025-T1;140.1\nrubbish\n")
    with pytest.raises(IndexImportError, match="ligne 3"):
        import_index_file(bad)
    assert not IndexValue.objects.filter(index="ILAT").exists()
