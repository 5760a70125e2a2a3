"""H5P URLs: package files (the player page comes later)."""

from django.urls import path

from . import views

app_name = "h5p"

urlpatterns = [
    path("files/<path:path>", views.package_file, name="file"),
]
