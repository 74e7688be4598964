"""Sign-in, failed sign-in and sign-out are audited (DOMAIN.md 9)."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from .audit import record_event
from .models import AuditAction, User


@receiver(user_logged_in)
def audit_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record_event(actor=user, action=AuditAction.LOGIN, object_type="accounts.User", object_id=str(user.pk))


@receiver(user_logged_out)
def audit_logout(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record_event(actor=user, action=AuditAction.LOGOUT, object_type="accounts.User", object_id=str(user.pk))


@receiver(user_login_failed)
def audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the address typed is kept (never the password) so repeated attempts can be traced.
    attempted = str(credentials.get("username") or credentials.get("email") or "")[:254]
    record_event(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.User",
        summary={"email_attempted": attempted},
    )
