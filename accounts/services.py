"""Writes about accounts' security: two-factor devices, lockouts and password resets.

Each service audits inside its transaction, like every other service (STYLE.md section 2).
"""

from __future__ import annotations

from binascii import unhexlify
from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp import verify_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import record_event
from .mfa import DEVICE_NAME, normalise_code
from .models import AuditAction, User

WRONG_CODE = (
    "The security code is not right. Enter the 6-digit code your authenticator app shows now, "
    "or one of your recovery codes."
)
THROTTLED = "You have entered too many wrong codes. Wait a minute, then try again."


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]


def enrol_two_factor(*, user: User, key: str, code: str) -> Enrolment:
    """Confirm the authenticator app holding `key` and issue a fresh set of recovery codes.

    The app proves it has the secret by giving the current code. Any earlier devices and
    recovery codes of the user are replaced, so a reset leaves nothing usable behind.
    """
    code = normalise_code(code)
    totp = TOTP(unhexlify(key.encode()), step=30, digits=6)
    if not (code.isdigit() and len(code) == 6 and totp.verify(int(code), tolerance=1)):
        raise ValidationError(
            {"code": "The code is not right. Enter the 6-digit code your app shows now."}
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise ValidationError("Two-factor authentication is already set up for this account.")
        TOTPDevice.objects.filter(user=user).delete()
        # last_t stops the code just used from being replayed on the verify page.
        device = TOTPDevice.objects.create(
            user=user,
            name=DEVICE_NAME,
            key=key,
            confirmed=True,
            last_t=totp.t(),
            drift=totp.drift,
        )
        codes = _issue_recovery_codes(user)
        record_event(
            actor=user,
            action=AuditAction.MFA_SET_UP,
            object_type="accounts.User",
            object_id=str(user.pk),
            summary={"recovery_codes_issued": len(codes)},
        )
    return Enrolment(device=device, recovery_codes=codes)


def _issue_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify_second_factor(*, user: User, code: str) -> Device:
    """Check a code from the authenticator app (6 digits) or a one-off recovery code.

    django-otp throttles each device: after each wrong code the next try must wait twice as
    long, so guessing a 6-digit code is hopeless. Wrong codes are audited.
    """
    code = normalise_code(code)
    device_class: type[Device] = TOTPDevice if code.isdigit() else StaticDevice
    device = device_class.objects.filter(user=user, confirmed=True).first()  # type: ignore[attr-defined]
    if device is None or not code:
        _record_wrong_code(user, reason="no such device" if code else "empty")
        raise ValidationError({"code": WRONG_CODE})
    is_allowed, _ = device.verify_is_allowed()
    if not is_allowed:
        _record_wrong_code(user, reason="throttled")
        raise ValidationError({"code": THROTTLED})
    verified = verify_token(user, device.persistent_id, code)
    if verified is None:
        _record_wrong_code(user, reason="wrong code")
        raise ValidationError({"code": WRONG_CODE})
    if isinstance(verified, StaticDevice):
        record_event(
            actor=user,
            action=AuditAction.MFA_RECOVERY_CODE_USED,
            object_type="accounts.User",
            object_id=str(user.pk),
            summary={"codes_left": verified.token_set.count()},
        )
    return verified


def _record_wrong_code(user: User, *, reason: str) -> None:
    record_event(
        actor=user,
        action=AuditAction.MFA_FAILED,
        object_type="accounts.User",
        object_id=str(user.pk),
        summary={"reason": reason},
    )


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def reset_two_factor(*, member: User, by: User) -> int:
    """A partnership administrator removes a member's authenticator and recovery codes (a lost
    phone). The member sets up a new app at their next sign-in; any session they have open
    loses its verified state at once, because the device it was verified with is gone."""
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=member.pk)
        removed = 0
        for model in (TOTPDevice, StaticDevice):
            count, _ = model.objects.filter(user=member).delete()
            removed += count
        if removed == 0:
            raise ValidationError("This member has not set up two-factor authentication yet.")
        record_event(
            actor=by,
            action=AuditAction.MFA_RESET,
            object_type="accounts.User",
            object_id=str(member.pk),
            summary={"member_email": member.email},
        )
    return removed


def unlock_account(*, member: User, by: User) -> int:
    """A partnership administrator clears a member's failed sign-ins before the cool-off ends."""
    with transaction.atomic():
        cleared = AxesProxyHandler.reset_attempts(username=member.email)
        if cleared == 0:
            raise ValidationError("This account is not locked.")
        record_event(
            actor=by,
            action=AuditAction.UNLOCK,
            object_type="accounts.User",
            object_id=str(member.pk),
            summary={"member_email": member.email},
        )
    return cleared


def reset_password(*, user: User, password: str) -> User:
    """Set the password chosen on an e-mailed reset link.

    Changing the password changes the session hash, so every other session of the user ends.
    The lockout is left alone: a locked account still waits out its cool-off.
    """
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record_event(
            actor=user,
            action=AuditAction.PASSWORD_RESET,
            object_type="accounts.User",
            object_id=str(user.pk),
        )
    return user
