"""Routes of the versioned API (/api/v1/), one include per app."""

from django.urls import path

from members.api import MeView

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
]
