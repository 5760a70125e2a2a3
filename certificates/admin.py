"""Admin of certificates: read-only, since a certificate's snapshot never changes."""

from django.contrib import admin

from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = (
        "display_code",
        "holder_name",
        "course_title",
        "status",
        "issued_on",
    )
    list_filter = ("status",)
    search_fields = ("code", "holder_name", "course_title")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
