"""/api/: the OpenAPI schema, its browsable documentation (vendored Swagger UI, no CDN) and
version 1 of the API. Every view here declares `allowed_roles` (tcp.api.HasRole)."""

from typing import Any

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from dashboards.api import urls as dashboards_urls
from register.api import urls as register_urls
from reviews.api import urls as reviews_urls

from .api import ALL_ROLES
from .api_views import JsonErrors

app_name = "api"


class SchemaApi(JsonErrors, SpectacularAPIView):
    """The OpenAPI 3 schema of /api/v1/ (YAML; `?format=json` for JSON)."""

    allowed_roles = ALL_ROLES
    permission_classes = api_settings.DEFAULT_PERMISSION_CLASSES


class DocsApi(JsonErrors, SpectacularSwaggerSplitView):
    """Swagger UI over the schema, from drf-spectacular-sidecar's vendored files. The page's
    script is a separate response, so the Content-Security-Policy needs no inline script."""

    allowed_roles = ALL_ROLES
    permission_classes = api_settings.DEFAULT_PERMISSION_CLASSES
    template_name = "api/docs.jinja"
    url_name = "api:schema"

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        # Swagger UI's stylesheet draws its small icons as data: SVG images; allowed on this
        # page only (images cannot run code). Scripts and styles stay 'self' only.
        response._csp_update = {"img-src": ["data:"]}  # type: ignore[attr-defined]
        return response


urlpatterns = [
    path("schema/", SchemaApi.as_view(), name="schema"),
    path("docs/", DocsApi.as_view(), name="docs"),
    path("v1/", include(register_urls)),
    path("v1/", include(reviews_urls)),
    path("v1/", include(dashboards_urls)),
]
