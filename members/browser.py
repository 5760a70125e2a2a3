"""What a member leaves in the browser (language, drafts, cached pages), wiped
when they leave: many learners share a computer at a centre or a library."""

from django.conf import settings

# "storage" empties localStorage and sessionStorage, so also the drafts of long
# texts static/js/long-texts.js keeps: the next person must not read them.
# Browsers honour it on https and on localhost only; "cookies" is left out, as it
# would reach every subdomain of the site.
CLEAR_SITE_DATA = '"cache", "storage"'


def browser_forget(response) -> None:
    """The response tells the browser to drop the member's language cookie, the
    site's stored drafts and its cached pages: the next visitor starts afresh, in
    the default language (or their browser's)."""
    response.delete_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
