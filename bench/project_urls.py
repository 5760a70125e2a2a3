"""The project's URLs with the trivial view first at /bench/."""

from django.urls import path

from bench.views import ok
from lms.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("bench/", ok), *project_urlpatterns]
