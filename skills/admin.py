"""Admin of the skills framework, read-only: the framework changes by migration only."""

from django.contrib import admin

from .models import Competence, CompetenceArea, Framework, ProficiencyLevel


class ReadOnlyAdmin(admin.ModelAdmin):
    """Staff may look at a framework; only a migration may change it."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ("name", "version")


@admin.register(CompetenceArea)
class CompetenceAreaAdmin(ReadOnlyAdmin):
    list_display = ("number", "name_fr", "name_nl", "name_en", "framework")
    list_filter = ("framework",)
    list_select_related = ("framework",)


@admin.register(Competence)
class CompetenceAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_fr", "area", "esco_uri", "framework")
    list_filter = ("framework", "area__number")
    list_select_related = ("framework", "area")
    search_fields = ("code", "name_fr", "name_nl", "name_en")


@admin.register(ProficiencyLevel)
class ProficiencyLevelAdmin(ReadOnlyAdmin):
    list_display = ("level", "band", "name_fr", "framework")
    list_filter = ("framework", "band")
    list_select_related = ("framework",)
