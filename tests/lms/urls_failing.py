"""A URL configuration with a view that fails while handling secrets (I6 tests)."""

from django.urls import include, path


def failing_view(request, code: str):
    # The view has read the password when it fails: the traceback must not show it.
    raise RuntimeError(f"the database went away ({len(request.POST['password'])})")


urlpatterns = [
    path("v/<str:code>/fail/", failing_view),
    path("", include("lms.urls")),
]
