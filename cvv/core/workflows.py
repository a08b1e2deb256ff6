"""Workflows declared as data: states, transitions, and who may fire each of them.

    CANDIDATURE = Workflow("programme.candidature", [
        Transition("submit", source=["draft"], target="submitted", label="Déposer",
                   roles=COMMUNE_ROLES, scope=commune_side),
    ], model="programme.Candidature")
    CANDIDATURE.apply(candidature, "submit", actor=user, reason="…")

A transition's guard is its `roles` (the actor must hold one of them) and its `scope`
(a predicate `scope(access, obj) -> bool` on the object, e.g. "the actor works for this
commune"). `apply` enforces the guard before touching the row, so a view, an API write, a
command or a task cannot bypass it; `allowed(obj, user)` lists the transitions the person
may fire now (to draw the buttons). A transition with `system=True` may also be fired by
the platform itself (`actor=SYSTEM`: scheduled tasks, commands run by an operator).

`apply` then locks the row, checks the current state, saves the new state and writes an
audit entry (who, when, from, to, why). Services call it inside their own transaction.
Every workflow names its model field (`model="app.Model"`, `field_name`): the system check
`cvv.E010` verifies that the workflow's states are that field's choices.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cvv.audit.services import log_action


class InvalidTransition(ValidationError):
    pass


class TransitionDenied(PermissionDenied):
    """The actor may not fire this transition on this object (wrong role or out of scope)."""


class _System:
    """The platform itself acting (scheduled task, operator command): see `Transition.system`."""

    pk = None
    is_authenticated = False

    def __repr__(self):
        return "SYSTEM"

    def __bool__(self):
        return False


SYSTEM = _System()

REGISTRY: dict[str, "Workflow"] = {}


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple
    target: str
    label: str
    reason_required: bool = False
    # Guard: the actor holds one of `roles` and `scope(access, obj)` is true. No roles means
    # no person may fire it (only the platform, if `system`).
    roles: tuple = field(default_factory=tuple)
    scope: Callable | None = None
    system: bool = False
    # The panel of the page that draws this transition's button (e.g. "commune",
    # "instruction"): pages select their buttons by group, never by a list of names.
    group: str = ""

    def __post_init__(self):
        object.__setattr__(self, "source", tuple(self.source))
        object.__setattr__(self, "roles", tuple(str(r) for r in self.roles))

    def permits(self, access, obj) -> bool:
        if not access.has_role(*self.roles):
            return False
        return self.scope is None or bool(self.scope(access, obj))


class Workflow:
    def __init__(self, name, transitions, *, model=None, field_name="state", roles=(), scope=None):
        """`roles` and `scope` are the defaults of the transitions that declare none (a
        `system` transition without roles keeps none: only the platform fires it)."""
        self.name = name
        self.model = model
        self.field_name = field_name
        transitions = [_with_defaults(t, roles, scope) for t in transitions]
        self.transitions = {t.name: t for t in transitions}
        if len(self.transitions) != len(transitions):
            raise ValueError(f"Duplicate transition name in workflow {name}")
        REGISTRY[name] = self

    def __iter__(self):
        return iter(self.transitions.values())

    @property
    def states(self) -> set:
        states = set()
        for t in self.transitions.values():
            states.update(t.source)
            states.add(t.target)
        return states

    def get(self, name) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise InvalidTransition(f"Transition inconnue : {name}") from None

    def available(self, obj):
        """Transitions possible from the object's current state, whoever asks."""
        state = getattr(obj, self.field_name)
        return [t for t in self.transitions.values() if state in t.source]

    def group(self, group) -> dict:
        """The transitions of one panel, by name (see `Transition.group`)."""
        return {n: t for n, t in self.transitions.items() if t.group == group}

    def allowed(self, obj, user, *, group=None):
        """Transitions possible now that `user` may fire (the buttons to draw), optionally
        only those of one panel."""
        from cvv.organisations.access import get_access

        access = get_access(user)
        return [
            t
            for t in self.available(obj)
            if (group is None or t.group == group) and t.permits(access, obj)
        ]

    def can(self, obj, name, user=None):
        if (
            name not in self.transitions
            or getattr(obj, self.field_name) not in self.get(name).source
        ):
            return False
        return user is None or self.may(obj, name, user)

    def may(self, obj, name, actor) -> bool:
        """May `actor` fire transition `name` on `obj` (whatever its current state)?"""
        transition = self.get(name)
        if actor is SYSTEM:
            return transition.system
        from cvv.organisations.access import get_access

        return transition.permits(get_access(actor), obj)

    def check(self, obj, name, actor):
        if not self.may(obj, name, actor):
            label = self.get(name).label
            raise TransitionDenied(f"Vous n’avez pas le droit d’effectuer l’action « {label} ».")

    def apply(self, obj, name, *, actor, reason="", data=None, extra_update_fields=()):
        transition = self.get(name)
        self.check(obj, name, actor)
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
                actor=None if actor is SYSTEM else actor,
                obj=obj,
                data={"from": current, "to": transition.target, "reason": reason, **(data or {})},
            )
        return obj


def _with_defaults(transition, roles, scope):
    from dataclasses import replace

    changes = {}
    if roles and not transition.roles and not transition.system:
        changes["roles"] = roles
    if scope is not None and transition.scope is None:
        changes["scope"] = scope
    return replace(transition, **changes) if changes else transition
