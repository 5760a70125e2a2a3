"""URLs of the certificates app: short, stable, printed in QR codes."""

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("<str:code>", views.verify_code, name="verify-code"),
]
