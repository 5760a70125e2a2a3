"""H5P: package validation, storage, player and xAPI intake."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class H5PConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "h5p"
    verbose_name = _("Activités H5P")
