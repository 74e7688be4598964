"""Role-aware navigation for the page header. Apps add their entries here as they land."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from accounts.models import PERSON_LEVEL_ROLES, Role

# (label, url name, roles that see it)
NAVIGATION: list[tuple[str, str, frozenset[str]]] = [
    ("Home", "home", frozenset(Role)),
    ("Register", "register:person_list", PERSON_LEVEL_ROLES),
    ("Audit log", "accounts:audit_log", frozenset({Role.PARTNERSHIP_ADMIN})),
]


def register_navigation(label: str, url_name: str, roles: frozenset[str], *, position: int) -> None:
    NAVIGATION.insert(position, (label, url_name, roles))


def page_context(request: HttpRequest) -> dict[str, Any]:
    """Jinja context processor: header, navigation, account links and the CSP nonce."""
    user = request.user
    context: dict[str, Any] = {"cspNonce": getattr(request, "csp_nonce", None)}
    if not user.is_authenticated:
        return context | {"nav_items": [], "account_items": []}
    role = user.active_role  # type: ignore[union-attr]
    nav_items = []
    for label, name, roles in NAVIGATION:
        if role in roles:
            href = reverse(name)
            current = request.path == href if href == "/" else request.path.startswith(href)
            nav_items.append({"text": label, "href": href, "current": current})
    partnership = user.active_partnership  # type: ignore[union-attr]
    membership = user.active_membership  # type: ignore[union-attr]
    account_items = [
        {"text": user.email, "icon": True},  # type: ignore[union-attr]
        {
            "text": f"{partnership.name} ({membership.get_role_display()})"
            if partnership
            else "No partnership"
        },
        {"text": "Sign out", "href": reverse("accounts:logout")},
    ]
    return context | {
        "nav_items": nav_items,
        "account_items": account_items,
        "memberships": getattr(user, "all_memberships", []),
        "active_partnership": partnership,
        "is_person_level": role in PERSON_LEVEL_ROLES,
    }
