"""Role-aware navigation for the page header. Apps add their entries here as they land."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from accounts.mfa import is_verified
from accounts.models import PERSON_LEVEL_ROLES, Role

# (label, url name, roles that see it)
NAVIGATION: list[tuple[str, str, frozenset[str]]] = [
    ("Home", "home", frozenset(Role)),
    ("Register", "register:person_list", PERSON_LEVEL_ROLES),
    ("Members", "accounts:member_list", frozenset({Role.PARTNERSHIP_ADMIN})),
    ("Audit log", "accounts:audit_log", frozenset({Role.PARTNERSHIP_ADMIN})),
]


def register_navigation(label: str, url_name: str, roles: frozenset[str], *, position: int) -> None:
    NAVIGATION.insert(position, (label, url_name, roles))


def csp_nonce(request: HttpRequest) -> str | None:
    """The nonce as a string, which makes django-csp 4 put it in the header.

    django-csp 4 hands out a lazy object that counts as false until something reads it, and the
    NHS.UK template tests `{% if cspNonce %}` before printing it: passed as is, the nonce would be
    left off the inline script and the browser would block the script.
    """
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce is not None else None


def page_context(request: HttpRequest) -> dict[str, Any]:
    """Jinja context processor: header, navigation, account links and the CSP nonce."""
    user = request.user
    context: dict[str, Any] = {"cspNonce": csp_nonce(request)}
    if not user.is_authenticated:
        return context | {"nav_items": [], "account_items": []}
    if not is_verified(user):
        # Between password and security code: nothing to navigate to yet except signing out.
        return context | {
            "nav_items": [],
            "account_items": [{"text": "Sign out", "href": reverse("accounts:logout")}],
        }
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
        {"text": "API tokens", "href": reverse("accounts:api_tokens")},
        {"text": "Sign out", "href": reverse("accounts:logout")},
    ]
    return context | {
        "nav_items": nav_items,
        "account_items": account_items,
        "memberships": getattr(user, "all_memberships", []),
        "active_partnership": partnership,
        "is_person_level": role in PERSON_LEVEL_ROLES,
    }
