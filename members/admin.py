"""Admin of members: staff manage users, organisations and groups here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import LearnerGroup, LoginCard, Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "organisation")
    list_filter = ("role", "organisation", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Sirius Hub"), {"fields": ("role", "organisation", "created_by")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Sirius Hub"), {"fields": ("role", "organisation")}),
    )
    raw_id_fields = ("created_by",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "company_number", "contact_name")
    search_fields = ("name", "company_number")


@admin.register(LearnerGroup)
class LearnerGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "trainer", "created_at")
    raw_id_fields = ("trainer",)
    filter_horizontal = ("learners",)


@admin.register(LoginCard)
class LoginCardAdmin(admin.ModelAdmin):
    list_display = ("user", "created_by", "created_at", "expires_at", "used_at")
    readonly_fields = ("token_hash",)
    raw_id_fields = ("user", "created_by")
