"""Courses: catalogue, lessons, enrolment, progress and trainer authoring."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("Modules")

    def ready(self) -> None:
        from quizzes.signals import attempt_submitted

        from . import receivers

        attempt_submitted.connect(
            receivers.record_passed_quiz, dispatch_uid="courses_record_passed_quiz"
        )
