"""Per-request account state: the session's absolute lifetime, the second factor, and the user's
active partnership membership."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .mfa import is_verified
from .signals import SESSION_STARTED_AT_KEY

ACTIVE_PARTNERSHIP_SESSION_KEY = "active_partnership_id"


class ActiveMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            memberships = list(user.memberships.select_related("partnership").order_by("pk"))  # type: ignore[union-attr]
            wanted = request.session.get(ACTIVE_PARTNERSHIP_SESSION_KEY)
            chosen = None
            if wanted is not None:
                chosen = next((m for m in memberships if m.partnership_id == wanted), None)
            user.active_membership = chosen or (memberships[0] if memberships else None)  # type: ignore[union-attr]
            user.all_memberships = memberships  # type: ignore[union-attr]
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """End a session SESSION_ABSOLUTE_HOURS after sign-in, however active it has been.

    The idle timeout is Django's own (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST); this
    caps a session that is kept alive, e.g. on a shared ward computer. A session without a
    sign-in time (made before this control existed) is ended too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started_at = request.session.get(SESSION_STARTED_AT_KEY)
            age = time.time() - started_at if isinstance(started_at, int | float) else None
            if age is None or age > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
                messages.info(
                    request,
                    f"You have been signed out because you were signed in for more than {hours} "
                    "hours. Sign in again to continue.",
                )
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """After the password, nothing but the two-factor steps until a code has been accepted.

    Views marked @login_not_required (sign-in, password reset, health check) or
    @mfa_not_required (the two-factor pages, sign-out) stay open. Pages redirect to the
    two-factor step; the API answers 403, as it would for any session it does not accept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or is_verified(user):
            return None
        if not getattr(view_func, "mfa_required", True):
            return None
        if request.path_info.startswith("/api/"):
            # DRF marks every API view login_not_required (it authenticates by itself), so a
            # session that has only passed the password step is refused here, whatever the view.
            # In the API's one error shape (tcp.api.error_response).
            detail = "Finish signing in with your security code first."
            body = {"status": 403, "code": "second_factor_required", "detail": detail, "errors": {}}
            return JsonResponse(body, status=403)
        if not getattr(view_func, "login_required", True):
            return None
        target = reverse("accounts:mfa_verify")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
