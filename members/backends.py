"""Authentication backends that load a member with their trainer in one query."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from .models import User


class _LoadsTrainer:
    """Every page shows the learner's trainer under "Besoin d'aide ?": join it once."""

    def get_user(self, user_id):
        user = User._default_manager.select_related("created_by").filter(pk=user_id)
        user = user.first()
        return user if user and self.user_can_authenticate(user) else None


class MemberBackend(_LoadsTrainer, ModelBackend):
    """Username and password (also used after a log-in card)."""


class MemberAllauthBackend(_LoadsTrainer, AuthenticationBackend):
    """django-allauth: username or e-mail, and log-in by code."""
