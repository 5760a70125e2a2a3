"""URLs of course archives, under /teach/archives/."""

from django.urls import path

from . import archive_views as views

app_name = "archives"

urlpatterns = [
    path("import/", views.archive_import, name="course-import"),
    path("courses/<int:pk>/export/", views.archive_export, name="course-export"),
]
