"""The API's shared machinery: token authentication, the role check, the one error shape,
pagination, throttling, optimistic concurrency and the schema's standard error responses.

Every API view declares `allowed_roles` (checked by `HasRole`, the same `has_role` as the pages)
and reaches partnership data only through `visible_to` / `get_visible_or_404` (STYLE.md 3, 5).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.db import models
from django.http import Http404, JsonResponse
from django.utils.functional import cached_property
from rest_framework import exceptions, pagination, serializers, status, throttling
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import has_role
from accounts.models import ApiToken, Role

if TYPE_CHECKING:
    from rest_framework.views import APIView

ALL_ROLES = frozenset(Role)
PERSON_LEVEL = frozenset({Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER, Role.CARE_COORDINATOR})
NON_FIELD = "non_field_errors"


# --- permissions ---------------------------------------------------------------------------


class HasRole(BasePermission):
    """A view lists its roles in `allowed_roles`; a view that declares none is closed."""

    message = "Your role cannot use this part of the API."

    def has_permission(self, request: Request, view: APIView) -> bool:
        roles = getattr(view, "allowed_roles", None)
        return roles is not None and has_role(request.user, frozenset(roles))  # type: ignore[arg-type]


# --- errors --------------------------------------------------------------------------------


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = (
        "Someone else changed this record after you read it. Fetch it again, check their "
        "change and send yours with the new ETag in If-Match."
    )
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "Send the record's ETag (from the GET response) in an If-Match header, so that a change "
        "made meanwhile by someone else is not overwritten."
    )
    default_code = "precondition_required"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The one place API errors are shaped: {status, code, detail, errors: {field: [messages]}}.

    A Django ValidationError raised by a service becomes a 400 keyed by the service's (= the
    form's) field names, exactly as `accounts.forms.add_service_error` does for pages."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=serializers.as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a real fault, left to Django's 500 handling and logs
    response.data = error_body(exc, response.status_code)  # type: ignore[arg-type]
    return response


def error_body(exc: exceptions.APIException, status_code: int) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        messages = [message for field_messages in errors.values() for message in field_messages]
        detail = (
            errors[NON_FIELD][0]
            if NON_FIELD in errors and len(errors) == 1
            else "There is a problem with the data sent. See errors for each field."
        )
        return {"status": status_code, "code": "invalid", "detail": detail, "errors": errors} | (
            {} if messages else {"errors": {NON_FIELD: [detail]}}
        )
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.default_detail)
    return {"status": status_code, "code": str(code), "detail": str(detail), "errors": {}}


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """{"actions": [{}, {"due_date": [...]}]} -> {"actions.1.due_date": [...]}."""
    if isinstance(detail, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = NON_FIELD if key in {"__all__", NON_FIELD} and not prefix else str(key)
            flat |= _flatten(value, f"{prefix}.{name}" if prefix else name)
        return flat
    if isinstance(detail, list) and any(isinstance(item, Mapping | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            flat |= _flatten(item, f"{prefix}.{index}" if prefix else str(index))
        return flat
    items = detail if isinstance(detail, list) else [detail]
    messages = [str(item) for item in items if str(item)]
    return {prefix or NON_FIELD: messages} if messages else {}


def error_response(status_code: int, code: str, detail: str) -> JsonResponse:
    """An error raised outside DRF (no URL matched, the second factor missing, a crash) in the
    same shape as every other API error."""
    body = {"status": status_code, "code": code, "detail": detail, "errors": {}}
    return JsonResponse(body, status=status_code)


class ErrorSerializer(serializers.Serializer):
    """Every error the API returns (400, 401, 403, 404, 409, 428, 429) has this shape."""

    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(
        help_text="invalid, not_authenticated, authentication_failed, permission_denied, "
        "not_found, conflict, precondition_required, throttled, parse_error, ..."
    )
    detail = serializers.CharField(help_text="What is wrong and how to fix it, in plain English.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="For 400: field name -> messages (non_field_errors for the whole request). "
        "Nested fields are dotted: actions.0.due_date. Empty for other statuses.",
    )

    class Meta:
        ref_name = "Error"


# --- pagination and throttling -------------------------------------------------------------


class CountingPaginator(DjangoPaginator):
    """Counts with the list's `count_with` queryset when its view set one: a cheaper query that
    gives the same number (the people list without its register joins, see PersonListApi)."""

    @cached_property
    def count(self) -> int:
        count_with = getattr(self.object_list, "count_with", None)
        if count_with is not None:
            return count_with.count()
        return super().count


class PageNumberPagination(pagination.PageNumberPagination):
    django_paginator_class = CountingPaginator
    page_size_query_param = "page_size"
    page_size_query_description = "Results per page (at most 200)."

    @property
    def max_page_size(self) -> int:  # type: ignore[override]
        return settings.API_MAX_PAGE_SIZE


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Limits token-authenticated requests per user (over all their tokens), in the Redis
    cache when REDIS_URL is set. Browser sessions are limited by sign-in, not by this."""

    scope = "token"
    cache_format = "api-throttle:%(scope)s:%(ident)s"

    @property
    def cache(self):  # type: ignore[override,no-untyped-def]
        return caches[settings.API_THROTTLE_CACHE]

    def get_rate(self) -> str:
        return settings.API_TOKEN_THROTTLE_RATE

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


# --- optimistic concurrency ----------------------------------------------------------------


def etag_for(instance: models.Model) -> str:
    """A strong ETag from the row's identity and its last change (`updated_at`)."""
    stamp = getattr(instance, "updated_at", None)
    raw = f"{instance._meta.label}:{instance.pk}:{stamp.isoformat() if stamp else ''}"
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def require_if_match(request: Request, instance: models.Model) -> None:
    """Refuse a lost update: the client must send the ETag of the version it changed."""
    given = request.headers.get("If-Match", "").strip()
    if not given:
        raise PreconditionRequired()
    current = etag_for(instance)
    offered = {tag.strip().removeprefix("W/") for tag in given.split(",")}
    if "*" not in offered and current not in offered:
        raise Conflict()


def locked(instance: models.Model) -> models.Model:
    """Re-read an already scoped row under SELECT ... FOR UPDATE (inside transaction.atomic)."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)
