"""Courses: catalogue, lessons, enrolment, progress and trainer authoring."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("Modules")

    def ready(self) -> None:
        from h5p.signals import attempt_finished
        from quizzes.signals import attempt_submitted

        from . import receivers

        attempt_submitted.connect(
            receivers.record_passed_quiz, dispatch_uid="courses_record_passed_quiz"
        )
        attempt_finished.connect(
            receivers.record_finished_h5p, dispatch_uid="courses_record_finished_h5p"
        )
