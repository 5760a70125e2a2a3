"""Log records without secrets: certificate codes and log-in card tokens in URLs
(Django's "Not Found: /v/<code>" lines) are masked before any handler writes."""

import logging
import re
from collections.abc import Mapping

# A path segment after these prefixes is a secret: a certificate code or a card token.
SECRET_IN_PATH = re.compile(
    r"(/(?:v|c|certificates|api/v1/verifications)/)[^/\s?\"']+", re.IGNORECASE
)


def mask(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\1…", text)


class MaskSecrets(logging.Filter):
    """Masks secrets in the message and its arguments; the record still logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                mask(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        elif isinstance(record.args, Mapping):
            # gunicorn's access log passes its atoms (path, query...) as a mapping.
            record.args = {
                key: mask(value) if isinstance(value, str) else value
                for key, value in record.args.items()
            }
        return True
