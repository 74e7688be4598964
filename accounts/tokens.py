"""Personal API tokens (ADR 0008): create, revoke, and authenticate with them.

A token is shown once, at creation; only knox's SHA-512 digest is stored. It acts in one
partnership with the owner's current role there, and expires on the date its owner chose.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

from .audit import record_event
from .models import ApiToken, AuditAction, Membership, Partnership, User

MAX_ACTIVE_TOKENS = 10
LAST_USED_EVERY = timedelta(minutes=1)  # at most one write per token per minute
LIFETIME_CHOICES = [(30, "30 days"), (90, "90 days"), (180, "180 days"), (365, "1 year")]


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens that still work, newest first (expired ones are not listed)."""
    return ApiToken.objects.owned_by(user).unexpired().select_related("partnership")


def create_api_token(
    *, user: User, partnership: Partnership, name: str, lifetime_days: int
) -> tuple[ApiToken, str]:
    """Create a token for `user` acting in `partnership`; returns the row and the secret, which
    is never stored or shown again."""
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter a name for the token, such as the system that will use it"
    elif len(name) > 100:
        errors["name"] = "Token name must be 100 characters or fewer"
    if not 1 <= lifetime_days <= settings.API_TOKEN_MAX_DAYS:
        errors["lifetime_days"] = "Choose how long the token will last"
    if errors:
        raise ValidationError(errors)
    if not Membership.objects.filter(user=user, partnership=partnership).exists():
        raise ValidationError("You are not a member of this partnership.")
    with transaction.atomic():
        # Lock the user's row so that two requests cannot both pass the limit below.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if tokens_of(user).count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                f"You already have {MAX_ACTIVE_TOKENS} tokens. Revoke one you no longer use."
            )
        token, secret = ApiToken.objects.create(
            user=user, expiry=timedelta(days=lifetime_days), name=name, partnership=partnership
        )
        record_event(
            actor=user,
            action=AuditAction.CREATE,
            partnership=partnership,
            object_type="accounts.ApiToken",
            object_id=str(token.public_id),
            summary=_token_summary(token),
        )
    return token, secret


def revoke_api_token(*, token: ApiToken, by: User) -> None:
    """Revoke one of the user's own tokens: it stops working at once."""
    if token.user_id != by.pk:
        raise ValidationError("You can only revoke your own tokens.")
    with transaction.atomic():
        summary = _token_summary(token)
        deleted, _ = ApiToken.objects.filter(digest=token.digest).delete()
        if deleted:
            record_event(
                actor=by,
                action=AuditAction.DELETE,
                partnership=token.partnership_id,
                object_type="accounts.ApiToken",
                object_id=str(token.public_id),
                summary=summary,
            )


def _token_summary(token: ApiToken) -> dict[str, Any]:
    return {
        "name": token.name,
        "starts_with": token.token_key,
        "expires_at": token.expiry.isoformat() if token.expiry else None,
    }


class ApiTokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token tcp_...`. The token acts in the partnership it was created for,
    with the owner's role there today; once that membership ends the token stops working."""

    def validate_user(self, auth_token: ApiToken) -> tuple[User, ApiToken]:
        user, token = super().validate_user(auth_token)
        membership = (
            Membership.objects.select_related("partnership")
            .filter(user=user, partnership_id=token.partnership_id)
            .first()
        )
        if membership is None:
            raise exceptions.AuthenticationFailed(
                "This token's partnership membership has ended. Create a new token."
            )
        user.active_membership = membership
        now = timezone.now()
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A personal API token, sent as `Token tcp_...`. Create one on "
            "your profile page, /accounts/tokens/.",
        }
