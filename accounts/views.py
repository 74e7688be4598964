from typing import Any

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tcp.spreadsheet import XlsxSheet, csv_stream, xlsx_bytes, xlsx_response

from .access import get_visible_or_404, role_required
from .audit import record_event
from .forms import (
    AuditFilterForm,
    NewPasswordForm,
    ResetRequestForm,
    SignInForm,
    TwoFactorSetUpForm,
    TwoFactorVerifyForm,
    add_service_error,
)
from .mfa import (
    NEW_RECOVERY_CODES_SESSION_KEY,
    PENDING_KEY_SESSION_KEY,
    display_secret,
    has_confirmed_totp,
    is_verified,
    mfa_not_required,
    pending_key,
    provisioning_uri,
    qr_code_svg,
    safe_next,
)
from .middleware import ACTIVE_PARTNERSHIP_SESSION_KEY
from .models import AuditAction, AuditEvent, Membership, Role, User
from .presenters import AUDIT_CSV_HEADER, audit_csv_row, lockout_minutes
from .selectors import filtered_audit_events, partnership_members
from .services import (
    enrol_two_factor,
    recovery_codes_left,
    reset_password,
    reset_two_factor,
    unlock_account,
    verify_second_factor,
)

# ---------------------------------------------------------------------------------------------
# Sign-in: password, then the second factor


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.jinja"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        """After the password comes the second factor, carrying the page the user wanted."""
        wanted = self.get_redirect_url() or resolve_url(settings.LOGIN_REDIRECT_URL)
        if is_verified(self.request.user):
            return wanted
        return reverse("accounts:mfa_verify") + "?" + urlencode({"next": wanted})


sign_in = SignInView.as_view()


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes calls this when an account is locked: the sign-in page says what to do."""
    form = SignInForm(request, initial={"username": request.POST.get("username", "")})
    context = {"form": form, "is_locked": True, "lockout_minutes": lockout_minutes()}
    return render(request, "accounts/login.jinja", context, status=429)


@mfa_not_required
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        logout(request)
        return redirect("accounts:login")
    return render(request, "accounts/logout.jinja")


@mfa_not_required
@require_http_methods(["GET", "POST"])
def mfa_set_up(request: HttpRequest) -> HttpResponse:
    """First sign-in: add the account to an authenticator app, then prove it with a code."""
    user: User = request.user  # type: ignore[assignment]
    next_url = safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))
    if has_confirmed_totp(user):
        return redirect(reverse("accounts:mfa_verify") + "?" + urlencode({"next": next_url}))
    key = pending_key(request)
    form = TwoFactorSetUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = enrol_two_factor(user=user, key=key, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            _finish_second_factor(request, enrolment.device)
            request.session.pop(PENDING_KEY_SESSION_KEY, None)
            request.session[NEW_RECOVERY_CODES_SESSION_KEY] = enrolment.recovery_codes
            return redirect(
                reverse("accounts:mfa_recovery_codes") + "?" + urlencode({"next": next_url})
            )
    uri = provisioning_uri(user, key)
    context = {
        "form": form,
        "qr_code": qr_code_svg(uri),
        "secret": display_secret(key),
        "next": next_url,
    }
    return render(request, "accounts/mfa_set_up.jinja", context)


@mfa_not_required
@require_GET
def mfa_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shown once, straight after set-up: the codes leave the session as the page is drawn."""
    codes = request.session.pop(NEW_RECOVERY_CODES_SESSION_KEY, None)
    next_url = safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))
    if not codes:
        return redirect(next_url)
    return render(request, "accounts/mfa_recovery_codes.jinja", {"codes": codes, "next": next_url})


@mfa_not_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    next_url = safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))
    if is_verified(user):
        return redirect(next_url)
    if not has_confirmed_totp(user):
        return redirect(reverse("accounts:mfa_set_up") + "?" + urlencode({"next": next_url}))
    form = TwoFactorVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = verify_second_factor(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            _finish_second_factor(request, device)
            if device.persistent_id.startswith("otp_static"):
                left = recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You signed in with a recovery code. You have {left} left. If you have lost "
                    "your phone, ask your partnership administrator to reset your two-factor "
                    "authentication.",
                )
            return redirect(next_url)
    return render(request, "accounts/mfa_verify.jinja", {"form": form, "next": next_url})


def _finish_second_factor(request: HttpRequest, device: Any) -> None:
    # A new session key as the session gains full access, as Django does at password sign-in.
    request.session.cycle_key()
    django_otp.login(request, device)


# ---------------------------------------------------------------------------------------------
# Password reset by e-mail (Django's views; links expire after PASSWORD_RESET_TIMEOUT)

password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.jinja",
    form_class=ResetRequestForm,
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.jinja"
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.jinja"
)


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.jinja"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: NewPasswordForm) -> HttpResponse:  # type: ignore[override]
        reset_password(user=self.user, password=form.cleaned_data["new_password1"])  # type: ignore[arg-type]
        self.request.session.pop(auth_views.INTERNAL_RESET_SESSION_TOKEN, None)
        return HttpResponseRedirect(self.get_success_url())


password_reset_confirm = PasswordResetConfirm.as_view()


# ---------------------------------------------------------------------------------------------
# Partnership


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


# ---------------------------------------------------------------------------------------------
# Partnership administrators: members' sign-in security


@require_GET
@role_required(Role.PARTNERSHIP_ADMIN)
def member_list(request: HttpRequest) -> HttpResponse:
    members = partnership_members(Membership.objects.visible_to(request.user))
    locked = [member for member in members if member.locked_until]
    context = {"members": members, "locked": locked, "lockout_minutes": lockout_minutes()}
    return render(request, "accounts/member_list.jinja", context)


@require_POST
@role_required(Role.PARTNERSHIP_ADMIN)
def member_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    membership = get_visible_or_404(Membership.objects, request.user, user_id=user_id)  # type: ignore[arg-type]
    try:
        unlock_account(member=membership.user, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, f"{membership.user.email} can sign in again.")
    return redirect("accounts:member_list")


@require_http_methods(["GET", "POST"])
@role_required(Role.PARTNERSHIP_ADMIN)
def member_mfa_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    membership = get_visible_or_404(Membership.objects, request.user, user_id=user_id)  # type: ignore[arg-type]
    if request.method == "POST":
        try:
            reset_two_factor(member=membership.user, by=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Two-factor authentication reset for {membership.user.email}. They will set up "
                "a new authenticator app when they next sign in.",
            )
        return redirect("accounts:member_list")
    return render(request, "accounts/member_mfa_reset.jinja", {"membership": membership})


# ---------------------------------------------------------------------------------------------
# Audit log


@require_GET
@role_required(Role.PARTNERSHIP_ADMIN)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.visible_to(request.user)
    if form.is_valid():
        events = filtered_audit_events(events, **form.cleaned_data)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {"form": form, "page": page, "filter_query": filters.urlencode()}
    return render(request, "accounts/audit_log.jinja", context)


@require_GET
@role_required(Role.PARTNERSHIP_ADMIN)
def audit_log_export(request: HttpRequest) -> HttpResponse:
    """The filtered log as CSV. The export is itself audited, with its filters and row count."""
    events = _audit_events_to_export(request)
    if events is None:
        return redirect(reverse("accounts:audit_log") + "?" + request.GET.urlencode())
    rows = (audit_csv_row(event) for event in events.iterator(chunk_size=2000))
    response = StreamingHttpResponse(
        csv_stream(AUDIT_CSV_HEADER, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


@require_GET
@role_required(Role.PARTNERSHIP_ADMIN)
def audit_log_export_xlsx(request: HttpRequest) -> HttpResponse:
    """The same filtered log as an Excel workbook, audited the same way."""
    events = _audit_events_to_export(request)
    if events is None:
        return redirect(reverse("accounts:audit_log") + "?" + request.GET.urlencode())
    rows = (audit_csv_row(event) for event in events.iterator(chunk_size=2000))
    return xlsx_response(xlsx_bytes([XlsxSheet("Audit log", AUDIT_CSV_HEADER, rows)]),
                         "audit-log.xlsx")


def _audit_events_to_export(request: HttpRequest) -> QuerySet[AuditEvent] | None:
    """The events the filters ask for, after auditing the export; None for invalid filters."""
    form = AuditFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return None
    events = AuditEvent.objects.visible_to(request.user)
    filters = form.cleaned_data if form.is_bound else {}
    events = filtered_audit_events(events, **filters)
    export = record_event(
        actor=request.user,  # type: ignore[arg-type]
        action=AuditAction.EXPORT,
        object_type="accounts.AuditEvent",
        summary={
            "filters": {k: str(v) for k, v in filters.items() if v not in (None, "")},
            "rows": events.count(),
        },
    )
    return events.exclude(pk=export.pk)  # the file holds what was asked for, not its own export
