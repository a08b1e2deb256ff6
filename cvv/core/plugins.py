"""Discovery of per-app plug-in modules (navigation, dashboard, demo, api)."""

from importlib import import_module

from django.apps import apps


def app_modules(name, *, exclude=("cvv.core",)):
    """Yield `cvv.<app>.<name>` for every installed cvv app that has such a module."""
    for config in apps.get_app_configs():
        if not config.name.startswith("cvv.") or config.name in exclude:
            continue
        try:
            yield import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
