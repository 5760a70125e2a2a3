"""A stricter JSON parser for the API: no duplicate keys, no NaN, no crash on depth."""

import json

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding


class DuplicateKeyError(ValueError):
    """A key given twice in one JSON object; args[0] is the key."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object as a dict; a key given twice is refused, not silently dropped."""
    result = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKeyError(key)
        result[key] = value
    return result


def _no_constant(name: str) -> float:
    # NaN, Infinity and -Infinity are not JSON (RFC 8259).
    raise ValueError(f"{name} is not a JSON number")


# The widest integer a database column holds (signed 64 bits); a larger one
# reaching a query raises OverflowError (SQLite) or DataError (PostgreSQL).
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def _bounded_int(text: str) -> int:
    value = int(text)
    if not INT_MIN <= value <= INT_MAX:
        raise ValueError(f"{text[:30]} is out of range")
    return value


def strict_json_loads(text: str):
    """json.loads that refuses a repeated key (DuplicateKeyError), NaN or
    Infinity and integers beyond 64 bits (ValueError); too deep a nesting
    raises RecursionError."""
    return json.loads(
        text,
        object_pairs_hook=_unique_keys,
        parse_constant=_no_constant,
        parse_int=_bounded_int,
    )


class StrictJSONParser(JSONParser):
    """JSONParser that refuses what DRF's silently accepts or cannot bound.

    - a key repeated in one object (DRF keeps the last one): 400;
    - NaN and Infinity, whatever STRICT_JSON says: 400;
    - nesting deep enough to exhaust the recursion limit (a 500 otherwise): 400;
    - a body that is not an object (null, 42, true, a list): every endpoint
      reads fields from request.data, so 400 here rather than a 500 there;
    - an integer beyond 64 bits (an OverflowError in the query otherwise): 400.

    DRF hands JSON parsers request.body, so DATA_UPLOAD_MAX_MEMORY_SIZE applies
    before parse() runs (RequestDataTooBig; the views turn it into a 413).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = get_encoding(parser_context)
        try:
            text = stream.read().decode(encoding)
            data = strict_json_loads(text)
        except DuplicateKeyError as exc:
            raise ParseError(
                _("JSON invalide : la clé « %(key)s » apparaît deux fois.")
                % {"key": exc.args[0]}
            ) from None
        except (ValueError, RecursionError) as exc:
            # UnicodeDecodeError and JSONDecodeError are ValueErrors.
            raise ParseError(
                _("JSON invalide : %(error)s") % {"error": str(exc)[:200]}
            ) from None
        if not isinstance(data, dict):
            raise ParseError(_("JSON invalide : un objet {…} est attendu."))
        return data
