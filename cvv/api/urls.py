"""The versioned JSON API, /api/v1/. Each domain app contributes `cvv.<app>.api` with a
`router` (a ninja Router) and a `PREFIX`; the OpenAPI document is /api/v1/openapi.json."""

from ninja import NinjaAPI

from cvv.api.docs import LocalSwagger
from cvv.core.plugins import app_modules

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
    docs=LocalSwagger(),
)

for module in app_modules("api", exclude=("cvv.core", "cvv.api")):
    api.add_router(module.PREFIX, module.router)
