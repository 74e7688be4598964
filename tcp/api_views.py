"""Base classes for API views that answer something other than JSON (YAML, HTML, a file): their
errors still come in the one JSON shape. Kept out of tcp/api.py, which DRF's settings import."""

from __future__ import annotations

from typing import Any

from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class JsonErrors(APIView):
    """These views answer YAML, HTML or a file; their errors still come in the one JSON shape."""

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        if getattr(response, "exception", False):  # errors in the one JSON shape, as elsewhere
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
