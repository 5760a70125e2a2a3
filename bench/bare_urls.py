"""URLs of the floor app: only the trivial view."""

from django.urls import path

from bench.views import ok

urlpatterns = [path("bench/", ok)]
