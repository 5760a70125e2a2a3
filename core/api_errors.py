"""API errors as JSON everywhere, including the bodies Django refuses as too big."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def _default(exc, kind: type[APIException]) -> bool:
    """An exception of this kind with DRF's own English message, not a view's."""
    return isinstance(exc, kind) and str(exc.detail) == str(kind.default_detail)


def exception_handler(exc, context):
    """DRF's handler with French messages (translated like the site), plus a
    JSON 413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE (Django raises it
    when DRF reads the body; unhandled, an HTML 400 page)."""
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(
            ngettext(
                "La requête est trop grande (%(max)s octet au plus).",
                "La requête est trop grande (%(max)s octets au plus).",
                settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
            )
            % {"max": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )
    if isinstance(exc, OverflowError):
        # A number too large for the database that came in as a string
        # ("9223372036854775808"): the JSON parser bounds JSON numbers, this the rest.
        exc = ValidationError({"detail": [_("Un nombre envoyé est trop grand.")]})
    if isinstance(exc, Http404) or _default(exc, exceptions.NotFound):
        # Django's Http404 carries an English, model-named message ("No Attempt
        # matches the given query."): one French sentence, translated, instead.
        exc = exceptions.NotFound(_("Cette ressource n’existe pas."))
    elif isinstance(exc, PermissionDenied) or _default(
        exc, exceptions.PermissionDenied
    ):
        exc = exceptions.PermissionDenied(
            _("Vous n’avez pas le droit de faire cette action.")
        )
    elif _default(exc, exceptions.NotAuthenticated):
        # In place: DRF already chose 401 or 403 on this very exception.
        exc.detail = exceptions.ErrorDetail(
            _("Connectez-vous pour continuer."), code=exc.detail.code
        )
    elif isinstance(exc, exceptions.MethodNotAllowed):
        exc = exceptions.MethodNotAllowed(
            context["request"].method,
            _("La méthode « %(method)s » n’est pas permise ici.")
            % {"method": context["request"].method},
        )
    return drf_exception_handler(exc, context)
