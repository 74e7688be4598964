"""Sign-in, failed sign-in, lockout and sign-out are audited (DOMAIN.md 9); sign-in also starts
the clock of the session's absolute lifetime."""

import time
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from .audit import record_event
from .models import AuditAction, Membership, User

SESSION_STARTED_AT_KEY = "signed_in_at"


@receiver(user_logged_in)
def audit_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    request.session[SESSION_STARTED_AT_KEY] = time.time()
    record_event(
        actor=user, action=AuditAction.LOGIN, object_type="accounts.User", object_id=str(user.pk)
    )


@receiver(user_logged_out)
def audit_logout(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record_event(
            actor=user, action=AuditAction.LOGOUT, object_type="accounts.User",
            object_id=str(user.pk),
        )


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


@receiver(user_locked_out)
def audit_locked_out(
    sender: Any, request: HttpRequest, username: str | None, **kwargs: Any
) -> None:
    """One event per partnership the account belongs to, so each partnership's administrators see
    it in their audit log next to the unlock button. An unknown address gets one unscoped event."""
    member = User.objects.filter(email=username).first() if username else None
    partnerships = (
        list(Membership.objects.filter(user=member).values_list("partnership_id", flat=True))
        if member
        else []
    )
    for partnership_id in partnerships or [None]:
        record_event(
            actor=None,
            action=AuditAction.LOCKED_OUT,
            partnership=partnership_id,
            object_type="accounts.User",
            object_id=str(member.pk) if member else "",
            summary={"email_attempted": (username or "")[:254]},
        )
