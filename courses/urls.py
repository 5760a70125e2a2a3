"""URLs of the courses app."""

from django.urls import path

from . import views
from .quiz import views as quiz_views

app_name = "courses"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:slug>/", views.course_detail, name="course-detail"),
    path("<slug:slug>/enrol/", views.course_enroll, name="course-enroll"),
    path(
        "<slug:slug>/lessons/<int:lesson_id>/",
        views.lesson_detail,
        name="lesson-detail",
    ),
    path(
        "<slug:slug>/lessons/<int:lesson_id>/complete/",
        views.lesson_complete,
        name="lesson-complete",
    ),
    path(
        "<slug:slug>/lessons/<int:lesson_id>/quiz/start/",
        quiz_views.quiz_start,
        name="quiz-start",
    ),
    path(
        "<slug:slug>/lessons/<int:lesson_id>/quiz/<int:attempt_id>/<int:position>/",
        quiz_views.quiz_question,
        name="quiz-question",
    ),
    *(
        path(
            f"<slug:slug>/lessons/<int:lesson_id>/quiz/<int:attempt_id>/{step}/",
            getattr(quiz_views, f"quiz_{step}"),
            name=f"quiz-{step}",
        )
        for step in ("all", "summary", "submit", "result")
    ),
]
