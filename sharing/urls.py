"""URLs of sharing, under /teach/."""

from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    path("partages/", views.shared_catalogue, name="catalogue"),
    path("partages/<int:pk>/copier/", views.course_copy, name="course-copy"),
    path("courses/<int:pk>/partage/", views.course_share, name="course-share"),
    path(
        "courses/<int:pk>/partage/arreter/",
        views.course_unshare,
        name="course-unshare",
    ),
]
