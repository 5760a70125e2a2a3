"""Admin of the skills framework, read-only: the framework changes by migration only."""

from django.contrib import admin

from .models import (
    Competence,
    CompetenceArea,
    Framework,
    MemberSkill,
    Portfolio,
    PortfolioShare,
    PortfolioVisibilityChange,
    ProficiencyLevel,
)


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


@admin.register(MemberSkill)
class MemberSkillAdmin(ReadOnlyAdmin):
    """Skills change through certificates and attestations only."""

    list_display = (
        "user",
        "competence",
        "level",
        "source",
        "awarded_on",
        "withdrawn_at",
    )
    list_filter = ("source",)
    list_select_related = ("user", "competence")
    raw_id_fields = ("user", "certificate", "attested_by")


@admin.register(Portfolio)
class PortfolioAdmin(ReadOnlyAdmin):
    """The member decides what their portfolio says and who sees it."""

    list_display = ("slug", "user", "visibility", "updated_at")
    list_filter = ("visibility",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)


@admin.register(PortfolioShare)
class PortfolioShareAdmin(ReadOnlyAdmin):
    list_display = ("portfolio", "organisation", "shared_at", "withdrawn_at")
    list_select_related = ("portfolio", "organisation")
    raw_id_fields = ("portfolio",)


@admin.register(PortfolioVisibilityChange)
class PortfolioVisibilityChangeAdmin(ReadOnlyAdmin):
    list_display = ("portfolio", "before", "after", "changed_at")
    list_select_related = ("portfolio",)
    raw_id_fields = ("portfolio",)
