"""Signing test clients in the way the real sign-in does, second factor included."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


def verified_device(user: User) -> TOTPDevice:
    """The user's confirmed authenticator app, created if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def current_code(device_or_key: TOTPDevice | str) -> str:
    """The 6-digit code an authenticator app holding this device's (or hex key's) secret shows."""
    if isinstance(device_or_key, TOTPDevice):
        device = device_or_key
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    else:
        totp = TOTP(bytes.fromhex(device_or_key))
    return f"{totp.token():06d}"


def sign_in_fully(client: Client, user: User) -> Client:
    """Password and second factor both done, as after the real sign-in: force_login (which sends
    user_logged_in, so the session gets its sign-in time) then what django_otp.login stores."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
    session.save()
    client.user = user  # type: ignore[attr-defined]
    return client
