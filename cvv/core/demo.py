"""Demo data of every module: each app may have `cvv.<app>.demo` with `ORDER` and
`load(*, stdout)`; loaders are idempotent (a second run duplicates nothing)."""

from importlib import import_module

from django.apps import apps

DEMO_PASSWORD = "demo-cvv-2026"
DEMO_DOMAIN = "cvv.demo"


def demo_modules():
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("cvv.") or config.name == "cvv.core":
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        modules.append(module)
    return sorted(modules, key=lambda m: getattr(m, "ORDER", 100))
