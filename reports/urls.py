"""Routes of the impact reports (/reports/)."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_detail, name="report-detail"),
    path("export.csv", views.report_csv, name="report-csv"),
    path("exports/", views.report_export_create, name="export-create"),
    path("exports/<uuid:pk>/", views.report_export_detail, name="export-detail"),
    path("exports/<uuid:pk>/pdf", views.report_export_file, name="export-file"),
]
