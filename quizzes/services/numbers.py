"""Shared by authoring and attempts: reading numbers as people write them."""

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from core.digits import number_normalise

MAX_NUMBER_CHARS = 20
MAX_NUMBER_DIGITS = 15


def decimal_or_none(value: Any) -> Decimal | None:
    """A finite, reasonably sized Decimal from text or a number; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return None
        text = repr(value)
    elif isinstance(value, Decimal):
        text = str(value)
    elif isinstance(value, str):
        # 3,5 as Belgians write it, ٣٫٥ in Arabic digits, 1 000 with a no-break space.
        text = number_normalise(value)
    else:
        return None
    if not text or len(text) > MAX_NUMBER_CHARS:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or (number and number.adjusted() > MAX_NUMBER_DIGITS):
        return None
    return number
