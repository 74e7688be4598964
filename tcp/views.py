from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import ALL_ROLES, role_required

from .api import error_response


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
@role_required(*ALL_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.jinja", {"role": request.user.active_role})  # type: ignore[union-attr]


def _error(request: HttpRequest, status: int, title: str, body: str) -> HttpResponse:
    return render(
        request,
        "errors/error.jinja",
        {"title": title, "body": body, "status": status},
        status=status,
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from accounts.audit import record_event
    from accounts.models import AuditAction

    if request.user.is_authenticated:
        record_event(
            actor=request.user,  # type: ignore[arg-type]
            action=AuditAction.PERMISSION_DENIED,
            object_type="url",
            object_id=request.path[:64],
        )
    return _error(
        request,
        403,
        "You do not have permission to see this page",
        "Your role in this partnership does not give access to this page.",
    )


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return error_response(404, "not_found", "Not found.")
    return _error(
        request,
        404,
        "Page not found",
        "If you typed the web address, check it is correct. The record may not exist, "
        "or it may belong to another partnership.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return error_response(
            500,
            "server_error",
            "Sorry, there is a problem with the service. Nothing was saved; try again later.",
        )
    return _error(
        request,
        500,
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you entered has been saved unless you saw a confirmation.",
    )
