"""Deployment checks (`cvv check --deploy`).

The production static storage (whitenoise's CompressedManifestStaticFilesStorage) serves the
hashed names recorded in `staticfiles.json` by `cvv collectstatic`; without that manifest, or
with an entry missing, every page that uses `{% static %}` answers 500. These checks say so
before the first request does.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, Tags, register
from django.core.files.storage import storages

MAX_LISTED = 5


def _source_paths():
    """Every static path `collectstatic` would copy (first finder wins, as in collectstatic)."""
    seen = set()
    for finder in finders.get_finders():
        for path, _storage in finder.list(["CVS", ".*", "*~"]):
            seen.add(path.replace("\\", "/"))
    return seen


@register(Tags.staticfiles, deploy=True)
def check_static_manifest(app_configs, **kwargs):
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return []
    root = settings.STATIC_ROOT
    try:
        manifest, _hash = storage.load_manifest()
    except ValueError as exc:
        return [
            Error(
                f"The static files manifest in {root} is unreadable: {exc}",
                hint="Run `cvv collectstatic --noinput` again.",
                id="cvv.E001",
            )
        ]
    if not manifest:
        return [
            Error(
                f"No static files manifest ({storage.manifest_name}) in {root}: "
                "every page would answer 500.",
                hint="Run `cvv collectstatic --noinput` with the production settings.",
                id="cvv.E001",
            )
        ]
    errors = []
    missing = sorted(_source_paths() - set(manifest))
    if missing:
        errors.append(
            Error(
                f"{len(missing)} static file(s) are not in the manifest of {root} "
                f"(collected from an older version?): {', '.join(missing[:MAX_LISTED])}",
                hint="Run `cvv collectstatic --noinput` again after each deployment.",
                id="cvv.E002",
            )
        )
    absent = sorted(name for name in manifest.values() if not storage.exists(name))
    if absent:
        errors.append(
            Error(
                f"{len(absent)} hashed static file(s) listed in the manifest are missing "
                f"from {root}: {', '.join(absent[:MAX_LISTED])}",
                hint="Run `cvv collectstatic --noinput` again.",
                id="cvv.E003",
            )
        )
    return errors


@register()
def check_workflow_states(app_configs, **kwargs):
    """Every workflow names its model field, its states are exactly that field's choices, and
    every transition has a guard (roles, or `system=True` for the platform's own)."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    from cvv.core.plugins import app_modules
    from cvv.core.workflows import REGISTRY

    list(app_modules("workflows"))  # declaring modules register their workflows on import
    errors = []
    for name, workflow in sorted(REGISTRY.items()):
        if workflow.model is None:
            errors.append(
                Error(
                    f"Workflow {name} is not bound to a model field.",
                    hint="Pass model='app_label.Model' (and field_name) to Workflow(...).",
                    id="cvv.E010",
                )
            )
            continue
        unguarded = sorted(t.name for t in workflow if not t.roles and not t.system)
        if unguarded:
            errors.append(
                Error(
                    f"Workflow {name}: transition(s) {', '.join(unguarded)} have no guard.",
                    hint="Give each transition roles=(Role.…,) or system=True.",
                    id="cvv.E010",
                )
            )
        try:
            model_field = apps.get_model(workflow.model)._meta.get_field(workflow.field_name)
        except (LookupError, ValueError, FieldDoesNotExist):
            errors.append(
                Error(
                    f"Workflow {name} is bound to {workflow.model}.{workflow.field_name}, "
                    "which does not exist.",
                    hint="Pass model='app_label.Model' and the name of its state field.",
                    id="cvv.E010",
                )
            )
            continue
        choices = {value for value, _label in (model_field.choices or [])}
        if choices != workflow.states:
            errors.append(
                Error(
                    f"Workflow {name}: states {sorted(workflow.states)} differ from the choices "
                    f"of {workflow.model}.{workflow.field_name} {sorted(choices)}.",
                    hint="Declare the missing transitions or the missing choices.",
                    id="cvv.E010",
                )
            )
    return errors
