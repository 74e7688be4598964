"""Puts the user's active partnership membership on request.user for this request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
