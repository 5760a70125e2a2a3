"""The checker of a document: walks its fields by path, collects every problem as a
sentence naming that path, and reads values strictly (types, lengths, numbers)."""

import json
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .common import (
    MAX_H5P_JSON_BYTES,
)


class Check:
    """Walks the data and collects every problem with the path of its field."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.messages.append(f"{path} : {message}")

    def keys(self, value: Any, path: str, required: Iterable[str], optional=()) -> bool:
        """A dict with exactly these keys (optional ones may be missing)."""
        if not isinstance(value, dict):
            self.error(path, _("un objet {…} est attendu."))
            return False
        required, optional = set(required), set(optional)
        for key in sorted(set(value) - required - optional, key=str):
            self.error(f"{path}.{key}", _("champ inconnu, refusé."))
        for key in sorted(required - set(value)):
            self.error(f"{path}.{key}", _("champ manquant."))
        return not (set(value) - required - optional) and required <= set(value)

    def text(
        self, value: Any, path: str, max_length: int, *, blank: bool = True
    ) -> bool:
        if not isinstance(value, str):
            self.error(path, _("un texte est attendu."))
        elif len(value) > max_length:
            self.error(
                path,
                ngettext(
                    "%(max)s signe au plus (il y en a %(count)s).",
                    "%(max)s signes au plus (il y en a %(count)s).",
                    max_length,
                )
                % {"max": max_length, "count": len(value)},
            )
        elif not blank and not value.strip():
            self.error(path, _("ce texte ne peut pas être vide."))
        else:
            return True
        return False

    def integer(
        self, value: Any, path: str, low: int, high: int, *, null: bool = False
    ) -> bool:
        if value is None and null:
            return True
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, _("un nombre entier est attendu."))
        elif not low <= value <= high:
            self.error(
                path,
                _("un nombre entre %(low)s et %(high)s est attendu.")
                % {"low": low, "high": high},
            )
        else:
            return True
        return False

    def boolean(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            self.error(path, _("vrai (true) ou faux (false) est attendu."))
            return False
        return True

    def choice(self, value: Any, path: str, values: Iterable[str]) -> bool:
        if not isinstance(value, str) or value not in set(values):
            self.error(path, _("valeur non admise."))
            return False
        return True

    def decimal(
        self,
        value: Any,
        path: str,
        *,
        digits: int,
        places: int,
        null: bool = False,
        positive: bool = False,
        signed: bool = False,
    ) -> bool:
        if value is None and null:
            return True
        try:
            number = Decimal(value) if isinstance(value, str) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.error(path, _('un nombre écrit comme un texte ("1.5") est attendu.'))
            return False
        exponent = number.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        whole = len(str(abs(int(number)))) if abs(number) >= 1 else 0
        if decimals > places or whole > digits - places:
            self.error(path, _("ce nombre est trop grand ou trop précis."))
            return False
        if (positive and number <= 0) or (number < 0 and not signed):
            self.error(path, _("un nombre positif est attendu."))
            return False
        return True

    def name(self, value: Any, path: str, pattern: re.Pattern[str]) -> bool:
        if value is None:
            return True
        if not isinstance(value, str) or not pattern.fullmatch(value):
            self.error(path, _("nom de fichier non admis."))
            return False
        return True

    def items(self, value: Any, path: str, max_items: int) -> list[Any]:
        if not isinstance(value, list):
            self.error(path, _("une liste […] est attendue."))
            return []
        if len(value) > max_items:
            self.error(
                path,
                ngettext(
                    "%(max)s élément au plus.", "%(max)s éléments au plus.", max_items
                )
                % {"max": max_items},
            )
            return []
        return value

    def json(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            self.error(path, _("un objet {…} est attendu."))
            return
        try:
            size = len(json.dumps(value, allow_nan=False).encode("utf-8"))
        except (TypeError, ValueError, RecursionError):
            self.error(path, _("ce contenu n'est pas du JSON valide."))
            return
        if size > MAX_H5P_JSON_BYTES:
            self.error(path, _("ce contenu est trop lourd."))
