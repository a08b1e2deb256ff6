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


def contributions(hook):
    """The callables (or values) named `hook` that apps offer to others in their
    `cvv.<app>.contributions` module, in INSTALLED_APPS order.

    A module contributes to another's pages without that module importing it: funding adds
    its columns and links to the programme's pages, the programme tells who refuses e-mails.
    Each hook is documented where it is consumed (see docs/architecture.md)."""
    return [
        getattr(module, hook) for module in app_modules("contributions") if hasattr(module, hook)
    ]
