"""Admin for quizzes: read-mostly, for support; trainers author through the site."""

from django.contrib import admin

from .models import Attempt, AttemptQuestion, Choice, Question, QuestionBank, Quiz


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ("position", "text", "is_correct", "match_text", "feedback")


@admin.register(QuestionBank)
class QuestionBankAdmin(admin.ModelAdmin):
    list_display = ("title", "created_at")
    search_fields = ("title",)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "bank", "updated_at")
    list_filter = ("kind",)
    search_fields = ("text_markdown",)
    list_select_related = ("bank",)
    readonly_fields = ("text_html", "feedback_html", "renderer_version")
    inlines = [ChoiceInline]


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "bank", "selection", "pass_mark", "max_attempts")
    list_select_related = ("bank",)
    search_fields = ("title",)


class AttemptQuestionInline(admin.TabularInline):
    model = AttemptQuestion
    extra = 0
    can_delete = False
    fields = ("position", "question", "answer_summary", "is_correct", "answered_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Grades come from grading only: every field is read-only here."""

    list_display = ("quiz", "user", "number", "submitted_at", "score_percent")
    list_select_related = ("quiz", "user")
    list_filter = ("passed",)
    search_fields = ("user__username", "quiz__title")
    raw_id_fields = ("user",)
    inlines = [AttemptQuestionInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False
