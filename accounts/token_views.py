"""The profile page where a user creates and revokes their personal API tokens (ADR 0008)."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from .access import role_required
from .forms import ApiTokenForm, add_service_error
from .models import Role
from .presenters import ApiTokenPresenter
from .tokens import create_api_token, revoke_api_token, tokens_of


@require_http_methods(["GET", "POST"])
@role_required(*Role)
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = create_api_token(
                user=request.user,  # type: ignore[arg-type]
                partnership=request.user.active_partnership,  # type: ignore[union-attr]
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            form = ApiTokenForm()
    tokens = [ApiTokenPresenter(token) for token in tokens_of(request.user)]  # type: ignore[arg-type]
    context = {"form": form, "tokens": tokens, "created": created, "secret": secret}
    response = render(request, "accounts/api_tokens.jinja", context)
    if secret:
        add_never_cache_headers(response)  # the secret is shown once and never kept by a cache
    return response


@require_POST
@role_required(*Role)
def api_token_revoke(request: HttpRequest, token_id: UUID) -> HttpResponse:
    token = get_object_or_404(tokens_of(request.user), public_id=token_id)  # type: ignore[arg-type]
    revoke_api_token(token=token, by=request.user)  # type: ignore[arg-type]
    messages.success(request, f"Token '{token.name}' revoked. It no longer works.")
    return redirect("accounts:api_tokens")
