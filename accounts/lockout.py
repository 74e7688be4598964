"""How django-axes identifies an account: the email address as typed, trimmed and lower-cased,
so "Casey@NHS.net" and "casey@nhs.net " count towards the same lockout (users are stored
lower-case by UserManager)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def attempted_email(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    raw = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if raw is None:
        raw = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return str(raw).strip().lower()[:254] if raw else None
