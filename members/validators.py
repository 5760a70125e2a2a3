"""Validators for Belgian identifiers and learner secrets."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalise_company_number(value: str) -> str:
    """Return the 10 digits of a BCE/KBO number written with dots, spaces or 'BE'."""
    digits = re.sub(r"\D", "", value or "")
    return digits.zfill(10) if len(digits) == 9 else digits


def validate_belgian_company_number(value: str) -> None:
    """A BCE/KBO number: 10 digits, starting 0 or 1, last two = 97 - first eight mod 97."""
    digits = normalise_company_number(value)
    if len(digits) != 10 or digits[0] not in "01":
        raise ValidationError(
            _("Un numéro d'entreprise a 10 chiffres et commence par 0 ou 1."),
            code="company_number_length",
        )
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValidationError(
            _("Ce numéro d'entreprise n'existe pas : vérifiez les chiffres."),
            code="company_number_checksum",
        )


def validate_pin(value: str) -> None:
    """A 6-digit PIN that is not trivially guessed (000000, 123456, ...)."""
    if not re.fullmatch(r"\d{6}", value or ""):
        raise ValidationError(_("Le code doit avoir 6 chiffres."), code="pin_format")
    steps = {int(b) - int(a) for a, b in zip(value, value[1:], strict=False)}
    if len(set(value)) == 1 or steps in ({1}, {-1}):
        raise ValidationError(
            _("Ce code est trop facile à deviner. Choisissez d'autres chiffres."),
            code="pin_too_simple",
        )
