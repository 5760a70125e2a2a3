"""Stories: members' success stories ("Réussites"), reviewed before publication."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stories"
    verbose_name = _("Réussites")

    def ready(self) -> None:
        # Imported here: the registry lives in skills, which never imports stories.
        from skills.sections import section_provider_register

        from .sections import portfolio_stories_section

        section_provider_register(portfolio_stories_section)
