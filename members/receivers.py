"""Reactions of members to Django's signals: the language read at first log-in."""

from django.utils.translation import get_language

from .services import member_language_set


def language_remember_at_login(sender, request, user, **kwargs) -> None:
    """A member who never switched language still read the log-in page in one:
    remember it, so the first e-mail is not in a language they may not read.
    A choice made earlier with the switch is kept."""
    if not user.language:
        member_language_set(
            user=user, language=getattr(request, "LANGUAGE_CODE", get_language())
        )
