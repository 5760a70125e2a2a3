"""Admin for quizzes: read-only, for support; trainers author through the site,
where the services render Markdown and check answer keys."""

from django.contrib import admin

from .models import (
    Attempt,
    AttemptGrant,
    AttemptQuestion,
    Choice,
    Question,
    QuestionBank,
    Quiz,
)


class ReadOnlyMixin:
    """Every change goes through the services, which admin forms would bypass."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChoiceInline(ReadOnlyMixin, admin.TabularInline):
    model = Choice
    fields = ("position", "text", "is_correct", "match_text", "feedback")


@admin.register(QuestionBank)
class QuestionBankAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "created_at")
    search_fields = ("title",)


@admin.register(Question)
class QuestionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "bank", "updated_at")
    list_filter = ("kind",)
    search_fields = ("text_markdown",)
    list_select_related = ("bank",)
    inlines = [ChoiceInline]


@admin.register(Quiz)
class QuizAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "bank", "selection", "pass_mark", "max_attempts")
    list_select_related = ("bank",)
    search_fields = ("title",)


class AttemptQuestionInline(ReadOnlyMixin, admin.TabularInline):
    model = AttemptQuestion
    fields = ("position", "question", "answer_summary", "is_correct", "answered_at")


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("quiz", "user", "number", "submitted_at", "score_percent")
    list_select_related = ("quiz", "user")
    list_filter = ("passed",)
    search_fields = ("user__username", "quiz__title")
    inlines = [AttemptQuestionInline]


@admin.register(AttemptGrant)
class AttemptGrantAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("quiz", "learner", "extra_attempts", "granted_by", "granted_at")
    list_select_related = ("quiz", "learner", "granted_by")
    search_fields = ("learner__username", "quiz__title")
