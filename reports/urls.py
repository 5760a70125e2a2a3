"""Routes of the impact reports (/reports/)."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_detail, name="report-detail"),
    path("export.csv", views.report_csv, name="report-csv"),
]
