"""API errors as JSON everywhere, including the bodies Django refuses as too big."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def exception_handler(exc, context):
    """DRF's handler, plus a JSON 413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE
    (Django raises it when DRF reads the body; unhandled, an HTML 400 page)."""
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
    return drf_exception_handler(exc, context)
