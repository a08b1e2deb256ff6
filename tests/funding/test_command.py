"""`cvv fimacs compute --json FILE|-`: the command-line contract."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from cvv.territories.models import Commune
from cvv.territories.need import commune_mark_fragile
from tests.funding.factories import COMPUTE_REQUEST as REQUEST


def run(tmp_path, payload, *, raw=None):
    path = tmp_path / "request.json"
    path.write_text(raw if raw is not None else json.dumps(payload), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("fimacs", "compute", "--json", str(path), stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_contract_example(tmp_path):
    code, out, err = run(tmp_path, REQUEST)
    assert code == 0 and err == ""
    answer = json.loads(out)
    assert answer == {
        "eligible": True,
        "reasons": [],
        "rates": {"TRAVAUX_LOCAUX": "0.40", "ETUDES": "0.50"},
        "aid_by_category": {"TRAVAUX_LOCAUX": "48000", "ETUDES": "15000"},
        "aid_total": "63000",
        "explanation": answer["explanation"],
    }
    assert len(answer["explanation"]) >= 4


@pytest.mark.django_db
def test_population_and_fragility_read_from_the_platform(tmp_path, admin_user):
    small = Commune.objects.filter(population__lt=20000).order_by("population").first()
    commune_mark_fragile(commune=small, fragile=True, reason="test", actor=admin_user)
    request = {k: v for k, v in REQUEST.items() if k not in {"population", "fragile"}}
    request["commune"] = small.code
    code, out, _ = run(tmp_path, request)
    assert code == 0
    answer = json.loads(out)
    # 40 % + 10 (small) + 10 (fragile) = 60 %; 50 % + 20 = 70 % (the cap).
    assert answer["rates"] == {"TRAVAUX_LOCAUX": "0.60", "ETUDES": "0.70"}
    assert answer["aid_by_category"] == {"TRAVAUX_LOCAUX": "72000", "ETUDES": "21000"}
    assert answer["aid_total"] == "93000"


@pytest.mark.django_db
def test_outside_metropole_is_not_an_error(tmp_path):
    code, out, err = run(tmp_path, {**REQUEST, "commune": "69123"})
    assert code == 0 and err == ""
    answer = json.loads(out)
    assert answer["eligible"] is False
    assert "Métropole" in answer["reasons"][0]


@pytest.mark.django_db
def test_paris_arrondissement_stands_for_paris(tmp_path):
    code, out, _ = run(tmp_path, {**REQUEST, "commune": "75111"})
    assert code == 0 and json.loads(out)["eligible"] is True


BAD = [
    ("malformed-json", None, "{not json", "JSON mal formé"),
    ("missing-field", {k: v for k, v in REQUEST.items() if k != "expenses"}, None, "expenses"),
    ("bad-commune", {**REQUEST, "commune": "9300"}, None, "commune"),
    ("unknown-reglement", {**REQUEST, "reglement": "nope"}, None, "reglement"),
    ("bad-population", {**REQUEST, "population": "85000"}, None, "population"),
    ("bad-fragile", {**REQUEST, "fragile": "oui"}, None, "fragile"),
    ("bad-accompaniment", {**REQUEST, "accompagnement_actif": 1}, None, "accompagnement_actif"),
    ("negative-amount", {**REQUEST, "other_public_aid": "-1"}, None, "other_public_aid"),
    (
        "unknown-category",
        {**REQUEST, "expenses": [{"category": "LOYERS", "amount_ht": "1"}]},
        None,
        "expenses[0].category",
    ),
    (
        "negative-expense",
        {
            **REQUEST,
            "expenses": [REQUEST["expenses"][0], {"category": "ETUDES", "amount_ht": "-5"}],
        },
        None,
        "expenses[1].amount_ht",
    ),
    (
        "malformed-amount",
        {**REQUEST, "expenses": [{"category": "ETUDES", "amount_ht": "12,5"}]},
        None,
        "expenses[0].amount_ht",
    ),
    ("sub-cent", {**REQUEST, "already_granted_in_edition": "1.001"}, None, "already_granted"),
    ("not-an-object", None, "[1, 2]", "racine"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("payload", "raw", "field"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_exits_2_naming_the_field(tmp_path, payload, raw, field):
    code, out, err = run(tmp_path, payload, raw=raw)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1  # one line
    assert field in err


@pytest.mark.django_db
def test_missing_file_exits_2(tmp_path):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("fimacs", "compute", "--json", str(tmp_path / "absent.json"), stderr=err)
    assert exc.value.code == 2
    assert "absent.json" in err.getvalue()


@pytest.mark.django_db
def test_file_not_in_utf8_exits_2(tmp_path):
    path = tmp_path / "request.json"
    path.write_bytes(json.dumps(REQUEST).encode() + "é".encode("latin-1"))
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("fimacs", "compute", "--json", str(path), stderr=err)
    assert exc.value.code == 2
    assert "UTF-8" in err.getvalue() and err.getvalue().count("\n") == 1


@pytest.mark.django_db
def test_reads_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(REQUEST)))
    out = io.StringIO()
    call_command("fimacs", "compute", "--json", "-", stdout=out)
    assert json.loads(out.getvalue())["aid_total"] == "63000"


def test_real_cli_exit_status_on_malformed_json():
    """The `cvv` entry point itself, in a subprocess: status 2 and one line on stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "cvv", "fimacs", "compute", "--json", "-"],
        input='{"reglement": "defaut-2026",',
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "JSON mal formé" in done.stderr


@pytest.mark.django_db
def test_load_default_and_lapse_commands():
    out = io.StringIO()
    call_command("fimacs", "load-default", stdout=out)
    assert "déjà présent" in out.getvalue()
    out = io.StringIO()
    call_command("fimacs", "lapse", "--date", "2030-01-01", stdout=out)
    assert "0 dossier" in out.getvalue()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("fimacs", "lapse", "--date", "demain", stderr=err)
    assert exc.value.code == 2 and "--date" in err.getvalue()
