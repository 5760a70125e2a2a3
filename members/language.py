"""The language a member reads: kept on the account, brought back at each log-in."""

from django.conf import settings
from django.utils.translation import get_language

from .services import member_language_set


def language_cookie_set(response, language: str) -> None:
    """The cookie LocaleMiddleware reads, with the attributes Django's own language
    switch gives it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def language_at_login(request, user, response) -> None:
    """At the first log-in, remember the language the page was read in (the first
    e-mail must be in a language they read). Later, on a device showing another
    language, bring the member's own back: someone who reads little may not find
    the switch on the centre's computer."""
    shown = getattr(request, "LANGUAGE_CODE", None) or get_language()
    if not user.language:
        member_language_set(user=user, language=shown)
    elif user.language != shown:
        language_cookie_set(response, user.language)


def language_at_allauth_login(sender, request, response, user, **kwargs) -> None:
    """Receiver of allauth's user_logged_in, which carries the response."""
    language_at_login(request, user, response)
