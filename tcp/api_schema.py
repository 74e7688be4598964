"""OpenAPI additions: the standard error responses every operation documents (ERROR_RESPONSES),
added by the project's AutoSchema so that no endpoint is left without them.

Kept apart from tcp/api.py because drf-spectacular's AutoSchema imports DRF's views, which read
the REST_FRAMEWORK settings that point back at tcp/api.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from .api import Conflict, ErrorSerializer, PreconditionRequired


def _error_example(status_code: int, code: str, detail: str, **errors: list[str]) -> OpenApiExample:
    return OpenApiExample(
        code,
        value={"status": status_code, "code": code, "detail": detail, "errors": errors},
        response_only=True,
        status_codes=[str(status_code)],
    )


ERROR_RESPONSES: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(
        ErrorSerializer,
        description="The request is not valid: see `errors`, keyed by field.",
        examples=[
            _error_example(
                400,
                "invalid",
                "There is a problem with the data sent. See errors for each field.",
                discharge_date=["Discharge date must be on or after the admission date"],
            )
        ],
    ),
    401: OpenApiResponse(
        ErrorSerializer,
        description="No token, or an expired or revoked one.",
        examples=[
            _error_example(
                401, "not_authenticated", "Authentication credentials were not provided."
            )
        ],
    ),
    403: OpenApiResponse(
        ErrorSerializer,
        description="Your role cannot use this endpoint.",
        examples=[
            _error_example(403, "permission_denied", "Your role cannot use this part of the API.")
        ],
    ),
    404: OpenApiResponse(
        ErrorSerializer,
        description="No such record in your partnership (or caseload), or no such page.",
        examples=[_error_example(404, "not_found", "Not found.")],
    ),
    409: OpenApiResponse(
        ErrorSerializer,
        description="The record changed since you read it (lost update refused).",
        examples=[_error_example(409, "conflict", str(Conflict.default_detail))],
    ),
    428: OpenApiResponse(
        ErrorSerializer,
        description="If-Match is missing.",
        examples=[
            _error_example(428, "precondition_required", str(PreconditionRequired.default_detail))
        ],
    ),
    429: OpenApiResponse(
        ErrorSerializer,
        description="Too many requests with your tokens; wait for the seconds in Retry-After.",
        examples=[
            _error_example(
                429, "throttled", "Request was throttled. Expected available in 42 seconds."
            )
        ],
    ),
}


class AutoSchema(SpectacularAutoSchema):
    """Adds the standard error responses to every operation, so none is left undocumented."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:  # type: ignore[override]
        responses = super()._get_response_bodies(direction)  # type: ignore[arg-type]
        for code in self._error_statuses():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    ERROR_RESPONSES[code], str(code), direction=direction
                )
        return responses

    def _error_statuses(self) -> Iterable[int]:
        codes = {401, 403, 429}
        takes_query = any(
            getattr(p, "location", "") == "query" for p in self.get_override_parameters()
        )
        paged = self._is_list_view() and self._get_paginator() is not None
        if self.method in {"POST", "PUT", "PATCH"} or paged or takes_query:
            codes.add(400)  # bad input, or a filter or query value that is not valid
        if "{" in self.path or paged:
            codes.add(404)  # another partnership's record, or a page past the end
        if getattr(self.view, "if_match_required", False) and self.method in {"PUT", "PATCH"}:
            codes |= {409, 428}
        return sorted(codes)


ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=["200", "201"],
    description="This version of the record; send it in If-Match to change the record.",
)
IF_MATCH_HEADER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the version you are changing (from the GET). A stale one gets 409.",
)
