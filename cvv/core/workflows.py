"""Workflows declared as data: states, and the transitions allowed between them.

    CANDIDATURE = Workflow("programme.candidature", [
        Transition("submit", source=["draft"], target="submitted", label="Déposer"),
    ])
    CANDIDATURE.apply(candidature, "submit", actor=user, reason="…")

`apply` locks the row, checks the current state, saves the new state and writes an audit
entry (who, when, from, to, why). Services call it inside their own transaction.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from cvv.audit.services import log_action


class InvalidTransition(ValidationError):
    pass


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple
    target: str
    label: str
    reason_required: bool = False
    roles: tuple = field(default_factory=tuple)  # informative; services check permissions

    def __post_init__(self):
        object.__setattr__(self, "source", tuple(self.source))


class Workflow:
    def __init__(self, name, transitions, *, field_name="state"):
        self.name = name
        self.field_name = field_name
        self.transitions = {t.name: t for t in transitions}
        if len(self.transitions) != len(transitions):
            raise ValueError(f"Duplicate transition name in workflow {name}")

    def __iter__(self):
        return iter(self.transitions.values())

    def get(self, name) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise InvalidTransition(f"Transition inconnue : {name}") from None

    def available(self, obj):
        state = getattr(obj, self.field_name)
        return [t for t in self.transitions.values() if state in t.source]

    def can(self, obj, name):
        return name in self.transitions and getattr(obj, self.field_name) in self.get(name).source

    def apply(self, obj, name, *, actor, reason="", data=None, extra_update_fields=()):
        transition = self.get(name)
        if transition.reason_required and not (reason or "").strip():
            raise InvalidTransition({"reason": "Un motif est obligatoire pour cette action."})
        with transaction.atomic():
            current = (
                type(obj)
                .objects.select_for_update()
                .filter(pk=obj.pk)
                .values_list(self.field_name, flat=True)
                .first()
            )
            if current not in transition.source:
                raise InvalidTransition(
                    f"Action « {transition.label} » impossible depuis l’état « {current} »."
                )
            setattr(obj, self.field_name, transition.target)
            obj.save(update_fields=[self.field_name, *extra_update_fields])
            log_action(
                f"{self.name}.{transition.name}",
                actor=actor,
                obj=obj,
                data={"from": current, "to": transition.target, "reason": reason, **(data or {})},
            )
        return obj
