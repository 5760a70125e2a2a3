"""URLs of the certificates app: short, stable, printed in QR codes."""

from django.urls import path

from . import credential_views, manage_views, member_views, partner_views, views

app_name = "certificates"

urlpatterns = [
    path(".well-known/did.json", credential_views.did_json, name="did-json"),
    path(
        "credentials/status/<str:name>",
        credential_views.status_list,
        name="credential-status-list",
    ),
    path("v/", views.verify, name="verify"),
    path("verify/", views.verify),
    path("v/<str:code>", views.verify_code, name="verify-code"),
    path("v/<str:code>/pdf", views.verify_pdf, name="verify-pdf"),
    path("partners/verify/", partner_views.bulk_verify, name="partner-verify"),
    path("partners/verify-badge/", partner_views.badge_verify, name="partner-badge"),
    path("certificates/", member_views.certificate_list, name="mine"),
    path(
        "certificates/course/<slug:slug>/",
        member_views.course_news,
        name="course-news",
    ),
    path("certificates/<str:code>/pdf/", member_views.certificate_pdf, name="pdf"),
    path(
        "certificates/<str:code>/visibility/",
        member_views.certificate_visibility,
        name="visibility",
    ),
    path(
        "certificates/<str:code>/outcome/",
        member_views.certificate_outcome,
        name="outcome",
    ),
    path(
        "teach/courses/<int:pk>/certificates/",
        manage_views.course_certificates,
        name="course-certificates",
    ),
    path(
        "teach/certificates/<int:pk>/revoke/",
        manage_views.certificate_revoke,
        name="revoke",
    ),
    path(
        "teach/certificates/<int:pk>/reissue/",
        manage_views.certificate_reissue,
        name="reissue",
    ),
]
