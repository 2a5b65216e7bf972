"""The Django admin for administrators: agencies, units, users, tokens, the audit log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.models import Agency, ApiToken, AuditEntry, Unit, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "country", "kind")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "agency", "locode")
    list_filter = ("agency",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "get_full_name", "role", "unit", "agency", "is_active")
    list_filter = ("role", "unit", "agency", "is_active")
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Unit and role"), {"fields": ("role", "unit", "agency", "preferred_language")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "revoked")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Tokens are issued with `portcontrol issue_token`, which shows the secret once.
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "unit", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "unit")
    search_fields = ("summary", "object_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
