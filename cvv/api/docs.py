"""The interactive API documentation (/api/v1/docs): Swagger UI served from our vendored
static files (cvv/static/vendor/swagger-ui, see scripts/vendor_frontend.sh), under the
site's Content-Security-Policy. django-ninja's own page would load Swagger UI from a CDN."""

from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class LocalSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        return render(
            request,
            self.template,
            {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)},
        )
