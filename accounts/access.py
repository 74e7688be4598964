"""Who may do what: one role check for pages and the API, one way to turn a URL id into a row."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import PERSON_LEVEL_ROLES, Role, User

M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponse]


def get_visible_or_404(queryset: QuerySet[M] | Any, user: User, **lookup: Any) -> M:
    """The only way a view or API turns a URL id into a record: not yours means not found."""
    manager_or_queryset = queryset.all() if hasattr(queryset, "all") else queryset
    return get_object_or_404(manager_or_queryset.visible_to(user), **lookup)


def has_role(user: User, roles: frozenset[str] | set[str]) -> bool:
    return bool(user.is_authenticated and user.active_role in roles)


def role_required(*roles: Role) -> Callable[[View], View]:
    """Declare which roles may use a page; others get 403. The access-matrix test reads this."""
    allowed = frozenset(roles)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_role(request.user, allowed):  # type: ignore[arg-type]
                raise PermissionDenied("Your role cannot use this page.")
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapped

    return decorator


ALL_ROLES = tuple(Role)
PERSON_LEVEL = tuple(PERSON_LEVEL_ROLES)
