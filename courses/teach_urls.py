"""URLs of trainer authoring, under /teach/."""

from django.urls import path

from . import teach_views as views
from .h5p import teach_views as h5p_views
from .quiz import teach_views as quiz_views

app_name = "teach"

urlpatterns = [
    path("", views.course_list, name="course-list"),
    path("courses/new/", views.course_create, name="course-create"),
    path("courses/<int:pk>/", views.course_detail, name="course-detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course-edit"),
    path("courses/<int:pk>/preview/", views.course_preview, name="course-preview"),
    *(
        path(
            f"courses/<int:pk>/{action}/",
            views.course_status,
            {"action": action},
            name=f"course-{action}",
        )
        for action in ("publish", "unpublish", "archive")
    ),
    path("courses/<int:pk>/cover/", views.course_cover, name="course-cover"),
    path("courses/<int:pk>/modules/new/", views.module_create, name="module-create"),
    path("modules/<int:pk>/", views.module_edit, name="module-edit"),
    path("modules/<int:pk>/move/", views.module_move, name="module-move"),
    path("modules/<int:pk>/delete/", views.module_delete, name="module-delete"),
    path("modules/<int:pk>/lessons/new/", views.lesson_create, name="lesson-create"),
    path("lessons/<int:pk>/", views.lesson_edit, name="lesson-edit"),
    path("lessons/<int:pk>/move/", views.lesson_move, name="lesson-move"),
    path("lessons/<int:pk>/preview/", views.lesson_preview, name="lesson-preview"),
    path("lessons/<int:pk>/images/", views.lesson_image, name="lesson-image"),
    path("lessons/<int:pk>/media/", views.lesson_media, name="lesson-media"),
    path("lessons/<int:pk>/delete/", views.lesson_delete, name="lesson-delete"),
    path("preview/", views.markdown_preview, name="markdown-preview"),
    path("courses/<int:pk>/questions/", quiz_views.question_bank, name="question-bank"),
    path(
        "courses/<int:pk>/questions/new/<str:kind>/",
        quiz_views.question_create,
        name="question-create",
    ),
    path("questions/<int:pk>/", quiz_views.question_edit, name="question-edit"),
    path("modules/<int:pk>/quizzes/new/", quiz_views.quiz_create, name="quiz-create"),
    path("lessons/<int:pk>/quiz/", quiz_views.quiz_edit, name="quiz-edit"),
    path(
        "lessons/<int:pk>/quiz/results/",
        quiz_views.quiz_results,
        name="quiz-results",
    ),
    path(
        "lessons/<int:pk>/quiz/attempts/<int:attempt_id>/",
        quiz_views.quiz_attempt,
        name="quiz-attempt",
    ),
    path(
        "lessons/<int:pk>/quiz/grants/",
        quiz_views.quiz_grant,
        name="quiz-grant",
    ),
    path("modules/<int:pk>/h5p/new/", h5p_views.h5p_create, name="h5p-create"),
    path("lessons/<int:pk>/h5p/", h5p_views.h5p_detail, name="h5p-detail"),
    path("h5p/libraries/", h5p_views.h5p_libraries, name="h5p-libraries"),
]
