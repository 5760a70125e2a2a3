"""Admin of courses, for staff."""

from django.contrib import admin

from .models import Course


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "language", "level_band", "duration_hours", "status")
    list_filter = ("status", "language", "level_band", "licence")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("trainers",)
    search_fields = ("title", "summary")
