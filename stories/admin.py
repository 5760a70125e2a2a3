"""Admin of stories: staff look and search; decisions go through the review page."""

from django.contrib import admin

from .models import Story


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "kind", "language", "status", "published_at")
    list_filter = ("status", "kind", "language")
    list_select_related = ("author",)
    search_fields = ("title", "author__username", "author__last_name")
    readonly_fields = (
        "slug",
        "author",
        "drafted_by",
        "status",
        "review_comment",
        "reviewed_by",
        "reviewed_at",
        "member_approved_at",
        "submitted_at",
        "published_at",
        "created_at",
        "updated_at",
    )
    fields = (*readonly_fields, "title", "kind", "language")
    # Texts and evidence are the member's words and choices: the admin never
    # edits them (and would skip the Markdown rendering and evidence checks).

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
