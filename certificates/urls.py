"""URLs of the certificates app: short, stable, printed in QR codes."""

from django.urls import path

from . import partner_views, views

app_name = "certificates"

urlpatterns = [
    path("v/", views.verify, name="verify"),
    path("verify/", views.verify),
    path("v/<str:code>", views.verify_code, name="verify-code"),
    path("v/<str:code>/pdf", views.verify_pdf, name="verify-pdf"),
    path("partners/verify/", partner_views.bulk_verify, name="partner-verify"),
    path("certificates/", views.certificate_list, name="mine"),
    path("certificates/<str:code>/pdf/", views.certificate_pdf, name="pdf"),
]
