"""Extra access to documents granted by other modules.

The vault's own rule: Métropole staff, the commune's people and its territory's agents see
a commune's documents. Other modules widen it for precise cases (a partner expert on an
accompaniment sees its deliverables, an instructor the documents of a funding application)
by registering `fn(user, document) -> bool` from their AppConfig.ready() or module import.
"""

_CHECKS = []


def register_access_check(fn):
    """Register `fn(user, document) -> bool`; usable as a decorator. Idempotent."""
    if fn not in _CHECKS:
        _CHECKS.append(fn)
    return fn


def granted_by_other_modules(user, document) -> bool:
    return any(check(user, document) for check in _CHECKS)
