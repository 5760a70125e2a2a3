"""H5P URLs: package files, and what the player sends (statements, state)."""

from django.urls import path

from . import views

app_name = "h5p"

urlpatterns = [
    path("files/<path:path>", views.package_file, name="file"),
    path("<int:content_id>/xapi/", views.xapi_statement, name="xapi"),
    path("<int:content_id>/state/", views.state_save, name="state"),
]
