"""URLs of the trainer dashboard, mounted under /teach/dashboard/."""

from django.urls import path

from . import dashboard_views

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
]
