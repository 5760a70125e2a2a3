"""Validators for Belgian identifiers and learner secrets."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.be import vat
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as ValidationError_

from core.digits import compact

PIN_PATTERN = re.compile(r"[0-9]{6}")


def normalise_company_number(value: str) -> str:
    """The 10 digits of a BCE/KBO number written with dots, spaces or 'BE'."""
    return vat.compact(value or "")


def validate_belgian_company_number(value: str) -> None:
    """A BCE/KBO enterprise number (checked by python-stdnum's Belgian VAT rules)."""
    try:
        vat.validate(value or "")
    except InvalidChecksum:
        raise ValidationError(
            _("Ce numéro d'entreprise n'existe pas : vérifiez les chiffres."),
            code="company_number_checksum",
        ) from None
    except ValidationError_:
        raise ValidationError(
            _("Un numéro d'entreprise a 10 chiffres et commence par 0 ou 1."),
            code="company_number_format",
        ) from None


def pin_normalise(value: str) -> str:
    """The six ASCII digits of a PIN typed in any script, with spaces or dashes
    ("٤٨٢ ٩١٣" -> "482913"); anything else comes back as it was typed. Stored and
    compared this way, a PIN chosen on an Arabic phone keyboard also works on the
    training centre's Latin keyboard, and the other way round."""
    compacted = compact(value)
    return compacted if PIN_PATTERN.fullmatch(compacted) else value


def validate_pin(value: str) -> None:
    """A 6-digit PIN (ASCII, see pin_normalise) that is not trivially guessed
    (000000, 123456, ...)."""
    if not PIN_PATTERN.fullmatch(value or ""):
        raise ValidationError(_("Le code doit avoir 6 chiffres."), code="pin_format")
    steps = {int(b) - int(a) for a, b in zip(value, value[1:], strict=False)}
    if len(set(value)) == 1 or steps in ({1}, {-1}):
        raise ValidationError(
            _("Ce code est trop facile à deviner. Choisissez d'autres chiffres."),
            code="pin_too_simple",
        )
