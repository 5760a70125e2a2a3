"""Interests in the admin: read-only, for the team to answer questions."""

from django.contrib import admin

from .models import Interest


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["organisation", "member", "created_at", "seen_at", "decision"]
    list_filter = ["decision", "organisation"]
    list_select_related = ["organisation", "member"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
