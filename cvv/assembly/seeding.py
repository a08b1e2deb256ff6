"""Demo data of every module: each app may have `cvv.<app>.demo` with `ORDER` and
`load(*, stdout)`; loaders are idempotent (a second run duplicates nothing)."""

from cvv.core.plugins import app_modules


def demo_modules():
    return sorted(
        app_modules("demo", exclude=("cvv.core", "cvv.assembly")),
        key=lambda module: getattr(module, "ORDER", 100),
    )
