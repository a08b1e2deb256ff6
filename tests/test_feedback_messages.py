"""After every action the confirmation names its object (« Dossier déposé : FIM-2026-0062 »),
never a bare « C’est fait. »: every success message of the web layer (messages.success and
the `success` of cvv.www.errors.report) is built from the object, or is on the short list
below of confirmations about the person themself."""

import ast
from pathlib import Path

WWW = Path(__file__).resolve().parent.parent / "cvv" / "www"
# Confirmations whose object is the reader themself (no other object to name).
ABOUT_THE_PERSON = {
    "Vous êtes déconnecté de la plateforme et de ProConnect.",
    "Vos préférences de relance sont enregistrées.",
}


def _success_messages():
    for path in sorted(WWW.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = getattr(func, "attr", None) or getattr(func, "id", None)
            arg = None
            on_messages = (
                isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "messages"
            )
            if name == "success" and on_messages:
                arg = node.args[1] if len(node.args) > 1 else None
            elif name == "report":
                arg = node.args[2] if len(node.args) > 2 else None
                arg = next((k.value for k in node.keywords if k.arg == "success"), arg)
            if arg is not None:
                yield f"{path.relative_to(WWW)}:{node.lineno}", arg


def _is_fixed_text(arg):
    """A message (or one branch of it) made only of literal strings: no object in it."""
    if isinstance(arg, ast.Constant):
        return isinstance(arg.value, str)
    if isinstance(arg, ast.IfExp):
        return _is_fixed_text(arg.body) or _is_fixed_text(arg.orelse)
    if isinstance(arg, ast.BinOp):
        return _is_fixed_text(arg.left) and _is_fixed_text(arg.right)
    return False


def test_the_scan_sees_the_messages():
    assert len(list(_success_messages())) > 40


def test_every_success_message_names_its_object():
    vague = [
        f"{where}: {ast.unparse(arg)}"
        for where, arg in _success_messages()
        if _is_fixed_text(arg)
        and not (isinstance(arg, ast.Constant) and arg.value in ABOUT_THE_PERSON)
    ]
    assert not vague, "Name the object in these confirmations:\n" + "\n".join(vague)


def test_the_check_catches_a_vague_message():
    assert _is_fixed_text(ast.parse('"C’est fait."', mode="eval").body)
    assert _is_fixed_text(ast.parse('"Ajoutée." if added else f"{r} retirée."', mode="eval").body)
    assert not _is_fixed_text(ast.parse('f"Dossier {d.reference} déposé."', mode="eval").body)
