from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from knox.models import AuthToken as KnoxAuthToken

from .models import AuditEvent, Membership, Organisation, Partnership, PartnershipPopulation, User


def _superusers_only(request: HttpRequest) -> bool:
    # Django admin is for staff superusers only; everyone else uses the product's pages.
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]
admin.site.site_header = "tcp-register administration"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name", "organisation"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "password1", "password2"]})]
    filter_horizontal = []
    list_filter = ["is_active", "is_staff"]
    inlines = [MembershipInline]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    filter_horizontal = ["members"]


admin.site.register(Organisation)
admin.site.register(PartnershipPopulation)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "user_email", "action", "object_type", "object_id"]
    list_filter = ["action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# knox registers its own AuthToken, which ADR 0008 swaps out for ApiToken (no table behind it).
# Tokens are managed by their owners on /accounts/tokens/, never in the admin: the admin would
# show digests and could mint a token for someone else.
if admin.site.is_registered(KnoxAuthToken):
    admin.site.unregister(KnoxAuthToken)
