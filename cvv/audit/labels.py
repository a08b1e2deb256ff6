"""The French label of every audit action and of the states a transition moved between.

Each app declares the labels of the codes it writes in `cvv/<app>/labels.py`:

    AUDIT_LABELS = {"funding.dossier.created": "Dossier créé", "funding.dossier.submit": …}

one per `log_action("…")` code and one per workflow transition (`<workflow>.<transition>`).
Histories, the journal, e-mails and exports show `action_label(code)` (« Dossier déposé »)
and the states by their French choice label (`state_label`), never the codes themselves.
`tests/test_audit_labels.py` fails when a code written anywhere has no label.
"""

from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from cvv.core.plugins import app_modules


@cache
def audit_labels() -> dict[str, str]:
    """Every app's AUDIT_LABELS merged (a code labelled twice differently is an error)."""
    labels: dict[str, str] = {}
    for module in app_modules("labels", exclude=()):
        for code, label in getattr(module, "AUDIT_LABELS", {}).items():
            if labels.get(code, label) != label:
                raise ImproperlyConfigured(f"Audit code {code} has two labels.")
            labels[code] = label
    return labels


@cache
def _workflows():
    from cvv.core.workflows import REGISTRY

    list(app_modules("workflows"))
    return REGISTRY


def workflow_of(code):
    """The workflow whose transition wrote `code` ("funding.dossier.submit"), or None."""
    name, _, transition = code.rpartition(".")
    workflow = _workflows().get(name)
    if workflow is not None and transition in workflow.transitions:
        return workflow
    return None


def action_label(code: str) -> str:
    """« Dossier déposé » for "funding.dossier.submit"."""
    label = audit_labels().get(code)
    if label:
        return label
    workflow = workflow_of(code)
    if workflow is not None:
        return workflow.transitions[code.rpartition(".")[2]].label
    return "Action enregistrée"


@cache
def _state_choices(workflow_name) -> dict:
    workflow = _workflows()[workflow_name]
    if not workflow.model:
        return {}
    field = apps.get_model(workflow.model)._meta.get_field(workflow.field_name)
    return {str(value): str(label) for value, label in field.flatchoices}


def state_label(code: str, state) -> str:
    """The French label of `state` in the workflow that wrote `code` (« Déposé »)."""
    if state in (None, ""):
        return ""
    workflow = workflow_of(code)
    if workflow is None:
        return str(state)
    return _state_choices(workflow.name).get(str(state), str(state))


def action_choices() -> list[tuple[str, str]]:
    """(code, label) of every labelled action, by label: the journal's filter."""
    return sorted(audit_labels().items(), key=lambda item: item[1].lower())


def done_message(code: str, name) -> str:
    """The confirmation after an action, naming its object: « Dossier déposé : FIM-2026-0062. »"""
    return f"{action_label(code)} : {name}."
