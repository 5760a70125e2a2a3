"""Members: accounts, roles, partner organisations, learner groups and log-in cards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = _("Membres")

    def ready(self) -> None:
        # allauth's signal (not Django's) carries the response, for the cookie.
        from allauth.account.signals import user_logged_in

        from . import receivers
        from .language import language_at_allauth_login
        from .signals import email_wanted

        user_logged_in.connect(language_at_allauth_login, dispatch_uid="members_lang")
        email_wanted.connect(receivers.email_queue, dispatch_uid="members_email")
