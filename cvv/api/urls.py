"""The versioned JSON API, /api/v1/. Each domain app contributes `cvv.<app>.api` with a
`router` (a ninja Router) and a `PREFIX`; the OpenAPI document is /api/v1/openapi.json."""

from importlib import import_module

from django.apps import apps
from ninja import NinjaAPI

api = NinjaAPI(
    title="Centres-Villes Vivants — API",
    version="1",
    description=(
        "API de la plateforme Centres-Villes Vivants (Métropole du Grand Paris). Les données "
        "publiques (territoires, observatoire) sont ouvertes ; les autres exigent un jeton "
        "(`Authorization: Bearer …`) et sont limitées au périmètre du compte."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)

for config in apps.get_app_configs():
    if not config.name.startswith("cvv.") or config.name == "cvv.api":
        continue
    try:
        module = import_module(f"{config.name}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{config.name}.api":
            raise
        continue
    api.add_router(module.PREFIX, module.router)
