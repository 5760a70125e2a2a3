"""Public verification of certificates: a form at /v/, one page per code, and the
original PDF; answered from stored data in one query, rate limited per client."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors, services
from .codes import code_display
from .forms import VerifyForm
from .ratelimit import verification_retry_after

HTTP_STATUS = {"unknown": 404, "typo": 400, "invalid": 400}
LANGUAGE_PARAMETER = "lang"


def verification_headers(
    response: HttpResponse, *, no_referrer: bool = False
) -> HttpResponse:
    """Kept out of search engines; the code in the URL never leaves for another site.

    Pages keep "same-origin", said here rather than left to the site default so it
    cannot loosen by accident: a link to another site carries no referrer at all,
    and one within our own site may carry the code, which is ours. "no-referrer"
    would be stricter, but under it browsers send "Origin: null" with every form
    (language, "Me déconnecter"), which CSRF protection rightly refuses: only
    answers with no form (the PDF, the API) send it."""
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer" if no_referrer else "same-origin"
    return response


def rate_limited_message() -> str:
    return _(
        "Trop de vérifications en peu de temps depuis cette adresse. "
        "Réessayez dans une minute."
    )


def rate_limited(view: Callable) -> Callable:
    """429 with Retry-After past VERIFICATION_RATE_LIMIT look-ups for this client."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        retry_after = verification_retry_after(request)
        if retry_after is not None:
            # The code typed stays in the form, to send again in a minute.
            typed = kwargs.get("code") or request.GET.get("code") or ""
            response = render(
                request,
                "certificates/verify_form.html",
                {
                    "form": VerifyForm(initial={"code": typed[:40]}),
                    "limited_message": rate_limited_message(),
                },
                status=429,
            )
            response["Retry-After"] = str(retry_after)
            return verification_headers(response)
        return view(request, *args, **kwargs)

    return wrapper


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """The cookie Django's set_language view sets, with the same settings, so a
    language chosen here holds on the next pages too."""
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


def page_language(view: Callable) -> Callable:
    """Answers in the language chosen with the page's own switcher (?lang=nl), a
    GET form so the page needs no CSRF token. The choice is kept in the language
    cookie, as set_language keeps it: a plain visit still sets no cookie at all."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = request.GET.get(LANGUAGE_PARAMETER)
        if language not in dict(settings.LANGUAGES):
            return view(request, *args, **kwargs)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        language_cookie_set(response, language)
        return response

    return wrapper


@require_GET
def verify(request):
    """The form; a valid code redirects to its stable page, /v/<code>. A typo is
    answered here, before any database look-up."""
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect(
            "certificates:verify-code", code_display(form.cleaned_data["code"])
        )
    status = 400 if request.GET else 200
    response = render(
        request, "certificates/verify_form.html", {"form": form}, status=status
    )
    return verification_headers(response)


@require_GET
@page_language
@rate_limited
def verify_code(request, code: str):
    """What the certificate says, in one query.

    A certificate whose holder switched public verification off answers so, with
    no field at all, rather than "unknown": a partner holding a genuine
    certificate must not be led to think it forged, and the code (60 random bits,
    given by the holder) proves nothing beyond its existence."""
    verification = selectors.verification_lookup(code)
    if verification.status in {"typo", "invalid"}:
        form = VerifyForm({"code": code})
        form.is_valid()
        response = render(
            request, "certificates/verify_form.html", {"form": form}, status=400
        )
        return verification_headers(response)
    if verification.certificate is not None and request.user.is_authenticated:
        services.verification_log_record(
            certificates=[verification.certificate], user=request.user
        )
    response = render(
        request,
        "certificates/certificate_verify.html",
        {"verification": verification, "certificate": verification.shown},
        status=HTTP_STATUS.get(verification.status, 200),
    )
    return verification_headers(response)


@require_GET
@rate_limited
def verify_pdf(request, code: str):
    """The stored original PDF, only for an issued, publicly verifiable certificate."""
    verification = selectors.verification_lookup(code)
    if not verification.pdf_downloadable:
        raise Http404
    certificate = verification.shown
    response = FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"certificat-{certificate.display_code}.pdf",
        content_type="application/pdf",
    )
    return verification_headers(response, no_referrer=True)
