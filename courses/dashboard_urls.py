"""URLs of the trainer dashboard, mounted under /teach/dashboard/."""

from django.urls import path

from . import dashboard_views, gradebook_views

app_name = "dashboard"

urlpatterns = [
    path("<slug:slug>/", dashboard_views.course_learners, name="course-learners"),
    path(
        "<slug:slug>/learners.csv",
        dashboard_views.course_learners_csv,
        name="course-learners-csv",
    ),
    path(
        "<slug:slug>/learners.xlsx",
        dashboard_views.course_learners_xlsx,
        name="course-learners-xlsx",
    ),
    path(
        "<slug:slug>/gradebook/",
        gradebook_views.course_gradebook,
        name="course-gradebook",
    ),
    path(
        "<slug:slug>/gradebook.csv",
        gradebook_views.course_gradebook_csv,
        name="course-gradebook-csv",
    ),
    path(
        "<slug:slug>/gradebook.xlsx",
        gradebook_views.course_gradebook_xlsx,
        name="course-gradebook-xlsx",
    ),
]
