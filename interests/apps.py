"""Interests: partners say "Je suis intéressé·e"; the member decides what to share."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interests"
    verbose_name = _("Intérêts des partenaires")

    def ready(self) -> None:
        from skills.sections import section_provider_register

        from .sections import interest_section

        section_provider_register(interest_section)
