"""Admin of members: staff manage users, organisations and groups here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import LearnerGroup, LoginCard, Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "organisation")
    list_filter = ("role", "organisation", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Sirius Hub"),
            {
                "fields": (
                    "role",
                    "organisation",
                    "created_by",
                    "under_13",
                    "guardian_consent_at",
                    "guardian_consent_by",
                )
            },
        ),
        (_("Données personnelles"), {"fields": ("erase_link",)}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Sirius Hub"), {"fields": ("role", "organisation")}),
    )
    raw_id_fields = ("created_by", "guardian_consent_by")
    readonly_fields = ("erase_link",)

    @admin.display(description=_("Effacement"))
    def erase_link(self, user: User) -> str:
        """Erasing goes through the platform's own page, which checks the hand-over."""
        if user.pk is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("staff-erase", args=[user.pk]),
            _("Effacer ce compte et ses données personnelles, à sa demande"),
        )


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
