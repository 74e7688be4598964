"""What the register views share: who may do what, and one way to run a form through a service."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.forms import add_service_error
from accounts.models import Role

from ..services import duplicate_person_ids

# DOMAIN.md 9: named data for administrators, commissioners and (their caseload) coordinators;
# the register is changed by commissioners; coordinators record discharge planning.
SEE_PEOPLE = (Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER, Role.CARE_COORDINATOR)
EXPORT = (Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER)
CHANGE_REGISTER = (Role.COMMISSIONER,)
PLAN_DISCHARGE = (Role.COMMISSIONER, Role.CARE_COORDINATOR)


def can(request: HttpRequest, roles: tuple[Role, ...]) -> bool:
    return request.user.active_role in roles  # type: ignore[union-attr]


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    next_url: str | Callable[[Any], str],
    template: str = "register/form.jinja",
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """POST-redirect-GET: call the service with the cleaned data; its ValidationError lands on
    the form's fields (and in the error summary), keeping what was typed."""
    extra: dict[str, Any] = dict(context or {})
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
            extra["duplicate_urls"] = [
                reverse("register:person_detail", args=[pk]) for pk in duplicate_person_ids(error)
            ]
        else:
            messages.success(request, success)
            return redirect(next_url(result) if callable(next_url) else next_url)
    return render(request, template, {"form": form, **extra})
