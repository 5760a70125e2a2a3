"""URLs of the certificates app: short, stable, printed in QR codes."""

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("v/", views.verify, name="verify"),
    path("verify/", views.verify),
    path("v/<str:code>", views.verify_code, name="verify-code"),
    path("certificates/", views.certificate_list, name="mine"),
    path("certificates/<str:code>/pdf/", views.certificate_pdf, name="pdf"),
]
