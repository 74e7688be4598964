"""E-mails to users. The reset link is built when the e-mail is sent, so no token sits in the
broker; it expires PASSWORD_RESET_TIMEOUT after it was made and once the password changes."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User


def send_password_reset_email(*, user_id: int, domain: str, use_https: bool) -> bool:
    """Send the reset link if the account can still use one; a replay sends a fresh link."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return False
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "reset_url": f"{'https' if use_https else 'http'}://{domain}{path}",
        "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
    }
    subject = render_to_string("accounts/password_reset_subject.txt", context).strip()
    body = render_to_string("accounts/password_reset_email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True
