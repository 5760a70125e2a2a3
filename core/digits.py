"""Digits, dashes and spaces as people type them, read one way for every code, PIN
and number: ٤٨٢٩١٣ (Arabic-Indic) and ۴۸۲۹۱۳ (Persian) are 482913, an en dash pasted
from a word processor is a hyphen, a non-breaking space is a space."""

import re
import unicodedata

# Beyond ASCII only; plain text never pays for the look-ups.
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Not dashes by Unicode's category (Pd), yet typed or pasted as one.
_MINUS_SIGNS = {"\u2212", "\u2043", "\u02d7", "\u2796"}
# Arabic decimal and thousands separators, in numbers only.
_ARABIC_DECIMAL = "\u066b"
_ARABIC_THOUSANDS = "\u066c"


def _ascii_or_dropped(match: re.Match) -> str:
    char = match.group()
    category = unicodedata.category(char)
    if category == "Nd":  # a decimal digit of any script
        return str(unicodedata.decimal(char))
    if category == "Pd" or char in _MINUS_SIGNS:
        return "-"
    if category == "Zs":  # no-break, narrow, thin, figure spaces...
        return " "
    if category == "Cf":  # soft hyphen, zero-width space, direction marks, BOM
        return ""
    return char


def typed_normalise(text: str) -> str:
    """ASCII digits for digits of any script, '-' for every dash and minus sign,
    ' ' for every space; invisible marks pasted along (direction marks, zero-width
    spaces, soft hyphens) dropped. Letters are left as they are."""
    return _NON_ASCII.sub(_ascii_or_dropped, text or "")


def compact(text: str) -> str:
    """What was typed, normalised, without its spaces and hyphens: the symbols of
    a code or a PIN ("482 913", "ABCD–EFGH" -> "482913", "ABCDEFGH")."""
    return "".join(typed_normalise(text).split()).replace("-", "")


def number_normalise(text: str) -> str:
    """A number as typed, ready for Decimal: digits of any script, spaces grouping
    thousands dropped, a comma (Belgian 3,5) or an Arabic decimal separator read as
    the decimal point, a typographic minus as '-'."""
    text = typed_normalise(text).replace(_ARABIC_THOUSANDS, "")
    text = text.replace(_ARABIC_DECIMAL, ".").replace(",", ".")
    return "".join(text.split())


def numeric_attrs(**attrs: str) -> dict[str, str]:
    """Widget attributes of an input where only digits belong: phones show their
    digit pad, and nothing refuses the digits of another script."""
    return {"inputmode": "numeric", "autocomplete": "off", **attrs}
