from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .models import AuditAction


class SignInForm(AuthenticationForm):
    username = forms.EmailField(label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account is not active. Ask your partnership administrator.",
    }


class AuditFilterForm(forms.Form):
    user_email = forms.CharField(label="User email", required=False)
    person_id = forms.IntegerField(label="Person record number", required=False)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AuditAction.choices]
    )
    date_from = forms.DateField(label="From date", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To date", required=False, widget=forms.DateInput(attrs={"type": "date"}))


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """The one place that maps a service's ValidationError onto a form's fields."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
