"""URLs of the courses app."""

from django.urls import path

from . import views

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
]
