"""Every audit action written anywhere has a French label (cvv.audit.labels).

The discovery is generic: every `log_action(...)` call in cvv/**/*.py whose code is a string
literal (or a choice between literals), and every transition of every declared workflow. A
module added tomorrow fails here until its `labels.py` names its codes."""

import ast
from datetime import UTC, datetime
from pathlib import Path

from django.template.loader import render_to_string

from cvv.audit.labels import action_label, audit_labels, state_label, workflow_of
from cvv.audit.models import AuditEntry
from cvv.core.plugins import app_modules
from cvv.core.workflows import REGISTRY

ROOT = Path(__file__).resolve().parent.parent / "cvv"
# The one place that writes a computed code: a workflow's transition (checked below).
COMPUTED_CODE_ALLOWED = {"core/workflows.py"}


def _log_action_calls():
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "log_action":
                yield path.relative_to(ROOT).as_posix(), node.lineno, node.args[0]


def written_codes():
    codes, computed = {}, []
    for where, line, arg in _log_action_calls():
        literals = [
            n.value
            for n in ast.walk(arg)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        ]
        if isinstance(arg, ast.JoinedStr) or not literals:
            if where not in COMPUTED_CODE_ALLOWED:
                computed.append(f"{where}:{line}")
            continue
        for code in literals:
            codes.setdefault(code, f"{where}:{line}")
    return codes, computed


def transition_codes():
    list(app_modules("workflows"))
    return {f"{wf.name}.{t.name}": wf for wf in REGISTRY.values() for t in wf}


def test_the_scan_finds_the_codes():
    codes, _ = written_codes()
    assert "funding.dossier.created" in codes
    assert len(codes) > 50
    assert "funding.dossier.submit" in transition_codes()


def test_every_log_action_code_is_a_literal():
    _, computed = written_codes()
    assert not computed, f"log_action with a computed code (write the literal codes): {computed}"


def test_every_written_code_has_a_french_label():
    labels = audit_labels()
    missing = sorted(f"{c} ({where})" for c, where in written_codes()[0].items() if c not in labels)
    assert not missing, "Add to cvv/<app>/labels.py AUDIT_LABELS: " + ", ".join(missing)


def test_every_workflow_transition_has_a_french_label():
    labels = audit_labels()
    missing = sorted(code for code in transition_codes() if code not in labels)
    assert not missing, "Add to cvv/<app>/labels.py AUDIT_LABELS: " + ", ".join(missing)


def test_labels_are_french_sentences_not_codes():
    for code, label in audit_labels().items():
        assert label and label[0].isupper(), (code, label)
        assert "." not in label and "_" not in label, (code, label)


def test_transition_entry_shows_labels_and_french_states():
    assert action_label("funding.dossier.submit") == "Dossier déposé"
    assert workflow_of("funding.dossier.submit").name == "funding.dossier"
    assert state_label("funding.dossier.submit", "submitted") == "Déposé"
    assert state_label("programme.accompaniment.phase.to_strategy", "strategy") == "Stratégie"
    entry = AuditEntry(
        action="funding.dossier.submit",
        data={"from": "draft", "to": "submitted"},
        created_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
    )
    assert (entry.label, entry.from_label, entry.to_label) == (
        "Dossier déposé",
        "Brouillon",
        "Déposé",
    )
    assert "funding.dossier" not in str(entry)


def test_unknown_code_is_never_shown_raw():
    assert action_label("nowhere.thing.done") == "Action enregistrée"


def test_history_template_shows_french_labels():
    entry = AuditEntry(
        action="funding.dossier.submit",
        data={"from": "draft", "to": "submitted", "reason": ""},
        created_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
    )
    html = render_to_string(
        "includes/audit_trail.html", {"entries": [entry], "audit_object_id": "d"}
    )
    assert "Dossier déposé" in html and "(Brouillon → Déposé)" in html
    assert "funding.dossier" not in html and "submitted" not in html
