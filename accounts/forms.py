from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from .models import AuditAction
from .tokens import LIFETIME_CHOICES

PASSWORD_HINT = (
    "Use at least 12 characters. A few unrelated words together work well. Do not use a common "  # noqa: S105 - help text, not a password
    "password, only numbers, or anything like your name or email address."
)


class SignInForm(AuthenticationForm):
    # Each message names its field: the error summary lists them without their labels.
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account is not active. Ask your partnership administrator.",
    }

    def clean_username(self) -> str:
        # Accounts are stored lower-case; the lockout counts the same lower-cased address.
        return self.cleaned_data["username"].strip().lower()


class SecurityCodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        ),
        error_messages={"required": "Enter the security code"},
    )


class TwoFactorSetUpForm(SecurityCodeForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows after you add this account.",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )


class TwoFactorVerifyForm(SecurityCodeForm):
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        ),
        error_messages={"required": "Enter the security code"},
    )


class ResetRequestForm(PasswordResetForm):
    """Queues the e-mail after commit instead of sending it in the request, so the page answers
    in the same time whether or not the address has an account (no user enumeration)."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
    )

    def save(
        self,
        *,
        domain_override: str | None = None,
        use_https: bool = False,  # type: ignore[override]
        request: Any = None,
        **kwargs: Any,
    ) -> None:
        from .tasks import send_password_reset_email_task

        domain = domain_override or (request.get_host() if request else "")
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(
                partial(
                    send_password_reset_email_task.delay,
                    user_id=user.pk,
                    domain=domain,
                    use_https=use_https,
                )
            )


class NewPasswordForm(SetPasswordForm):
    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        help_text=PASSWORD_HINT,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a new password"},
    )
    new_password2 = forms.CharField(
        label="Confirm new password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the new password again"},
    )
    error_messages = {"password_mismatch": "The two passwords do not match. Enter them again."}

    def clean(self) -> dict[str, Any]:
        # The validators' messages belong on the password itself, not on its confirmation.
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class AuditFilterForm(forms.Form):
    user_email = forms.CharField(label="User email", required=False)
    person_id = forms.IntegerField(label="Person record number", required=False)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AuditAction.choices]
    )
    date_from = forms.DateField(
        label="From date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def call_service(
    request: HttpRequest, form: forms.BaseForm, write: Callable[[], Any], *, success: str
) -> tuple[bool, Any]:
    """Run a page's write service for its valid form: (True, what the service returned), with
    the success message flashed; or, when the service refuses, (False, None) with its
    ValidationError on the form's fields and in the error summary, keeping what was typed."""
    try:
        result = write()
    except ValidationError as error:
        add_service_error(form, error)
        return False, None
    messages.success(request, success)
    return True, result


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """The one place that maps a service's ValidationError onto a form's fields."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ApiTokenForm(forms.Form):
    """Shape only: the rules (name, lifetime, how many tokens) live in accounts.tokens."""

    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="Say what will use it, for example 'Provider bed system' or 'Analyst notebook'.",
        error_messages={"required": "Enter a name for the token"},
    )
    lifetime_days = forms.TypedChoiceField(
        label="How long should the token last?",
        choices=LIFETIME_CHOICES,
        coerce=int,
        initial=90,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how long the token will last"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer only lifetimes the deployment allows (API_TOKEN_MAX_DAYS).
        allowed = [c for c in LIFETIME_CHOICES if c[0] <= settings.API_TOKEN_MAX_DAYS]
        self.fields["lifetime_days"].choices = allowed  # type: ignore[attr-defined]
