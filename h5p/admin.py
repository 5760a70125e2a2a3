"""Admin for H5P: read-only, for support; packages go through package_install,
which checks them and installs libraries for administrators only."""

from django.contrib import admin

from .models import Attempt, Content, Library, SavedState, Statement


class ReadOnlyMixin:
    """Every change goes through the services, which admin forms would bypass."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Library)
class LibraryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("machine_name", "major", "minor", "patch", "runnable", "updated_at")
    list_filter = ("runnable",)
    search_fields = ("machine_name", "title")


@admin.register(Content)
class ContentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "main_library", "uploaded_by", "created_at")
    search_fields = ("title",)
    list_select_related = ("main_library", "uploaded_by")
    exclude = ("libraries",)


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("content", "user", "completed", "raw", "max", "finished_at")
    list_select_related = ("content", "user")


@admin.register(Statement)
class StatementAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("verb", "content", "user", "received_at")
    list_filter = ("verb",)
    list_select_related = ("content", "user")


@admin.register(SavedState)
class SavedStateAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("content", "user", "updated_at")
    list_select_related = ("content", "user")
