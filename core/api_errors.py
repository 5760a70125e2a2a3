"""API errors as JSON everywhere, including the bodies Django refuses as too big."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import ngettext
from rest_framework import status
from rest_framework.exceptions import APIException
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
    return drf_exception_handler(exc, context)
