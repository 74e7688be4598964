from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .access import role_required
from .forms import AuditFilterForm, SignInForm
from .middleware import ACTIVE_PARTNERSHIP_SESSION_KEY
from .models import AuditEvent, Role
from .selectors import filtered_audit_events


@login_not_required
def sign_in(request: HttpRequest) -> HttpResponse:
    return auth_views.LoginView.as_view(
        template_name="accounts/login.jinja",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
    )(request)


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        logout(request)
        return redirect("accounts:login")
    return render(request, "accounts/logout.jinja")


@require_POST
def switch_partnership(request: HttpRequest) -> HttpResponse:
    try:
        wanted = int(request.POST.get("partnership", ""))
    except ValueError:
        return HttpResponseBadRequest("Choose a partnership.")
    memberships = getattr(request.user, "all_memberships", [])
    if not any(m.partnership_id == wanted for m in memberships):
        return HttpResponseBadRequest("You are not a member of that partnership.")
    # A new session key on every change of tenant, so a stolen old cookie does not carry over.
    request.session.cycle_key()
    request.session[ACTIVE_PARTNERSHIP_SESSION_KEY] = wanted
    messages.success(request, "Active partnership changed.")
    return redirect("home")


@require_http_methods(["GET"])
@role_required(Role.PARTNERSHIP_ADMIN)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.visible_to(request.user)
    if form.is_valid():
        events = filtered_audit_events(events, **form.cleaned_data)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.jinja", {"form": form, "page": page})
