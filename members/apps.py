"""Members: accounts, roles, partner organisations, learner groups and log-in cards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = _("Membres")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .receivers import language_remember_at_login

        user_logged_in.connect(language_remember_at_login, dispatch_uid="members_lang")
