"""URL configuration: pages without a language prefix, so printed links stay stable."""

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from members import views as members_views

from . import health, privacy_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("me/data/", privacy_views.my_data, name="my-data"),
    path("me/data/download/", privacy_views.my_data_download, name="my-data-download"),
    path("me/data/erase/", privacy_views.my_data_erase, name="my-data-erase"),
    path(
        "staff/accounts/<int:pk>/erase/", privacy_views.staff_erase, name="staff-erase"
    ),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/ready", health.healthz, name="healthz-ready"),
    path("healthz/live", health.live, name="healthz-live"),
    # Before allauth's own: the log-out also clears the browser (members/browser.py).
    path("accounts/logout/", members_views.logout, name="account_logout"),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", members_views.language_set, name="set_language"),
    path("", include("members.urls")),
    path("courses/", include("courses.urls")),
    path("teach/", include("courses.teach_urls")),
    # Before "teach/": the dashboard's paths must never reach authoring's patterns.
    path("teach/dashboard/", include("courses.dashboard_urls")),
    path("teach/archives/", include("sharing.archive_urls")),
    path("teach/", include("sharing.urls")),
    path("", include("certificates.urls")),
    path("h5p/", include("h5p.urls")),
    path("", include("skills.urls")),
    path("", include("interests.urls")),
    path("", include("stories.urls")),
    path("reports/", include("reports.urls")),
    path("api/v1/", include("lms.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # Its start-up script as a file (the split view), but Swagger UI's page
        # keeps an inline <style> block: allowed on this developer page only.
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
    path(
        f"{settings.MEDIA_URL_PATH.lstrip('/')}<path:path>", views.media, name="media"
    ),
]

handler400 = "lms.views.bad_request"
handler404 = "lms.views.page_not_found"
