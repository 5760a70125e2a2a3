"""The page shown when a form's CSRF check fails (CSRF_FAILURE_VIEW): in the
site's layout, in plain words, with a way back to the text kept as a draft."""

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def csrf_failure(request, reason: str = ""):
    """403 after logging in again in another tab, or after cookies were cleared:
    the draft script (static/js/long-texts.js) keeps what was typed."""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    context = {"back": back, "next": request.path}
    return render(request, "403_csrf.html", context, status=403)
