"""Logs carry no certificate codes or log-in card tokens (security catalogue I6)."""

import io
import logging

from django.conf import settings

from core.logging import MaskSecrets, mask


def test_logging_masks_codes_and_tokens_in_paths():
    """The code or token after /v/, /c/ and the verification API never reaches a log."""
    assert mask("Not Found: /v/ABCD-EFGH-JKMN-P") == "Not Found: /v/…"
    assert mask("GET /c/01AB-1CD0-EF1G/ 410") == "GET /c/…/ 410"
    assert mask("/api/v1/verifications/ABCDEFGHJKMNP") == "/api/v1/verifications/…"
    assert mask("/courses/adresse-email/") == "/courses/adresse-email/"


def test_logging_console_handler_applies_the_filter():
    """The project's console handler filters every record, Django's 404 lines too."""
    assert "mask_secrets" in settings.LOGGING["handlers"]["console"]["filters"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskSecrets())
    logger = logging.getLogger("test.i6")
    logger.addHandler(handler)
    try:
        logger.warning("Not Found: %s", "/v/ABCD-EFGH-JKMN-P")
    finally:
        logger.removeHandler(handler)
    assert "ABCD" not in stream.getvalue()
