"""Certificate codes: 12 random Crockford Base32 symbols plus a Luhn mod 32 check."""

import secrets
from dataclasses import dataclass

from stdnum import luhn

from members.cards import ALPHABET, crockford_clean

BODY_LENGTH = 12  # 60 random bits


@dataclass(frozen=True)
class ParsedCode:
    """What a person typed, read forgivingly: the canonical code, or the problem."""

    canonical: str | None
    problem: str | None  # "format" or "typo"


def code_generate() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + luhn.calc_check_digit(body, alphabet=ALPHABET)


def code_display(code: str) -> str:
    """ABCDEFGHJKMNP -> ABCD-EFGH-JKMN-P."""
    return "-".join([code[0:4], code[4:8], code[8:12], code[12:]])


def code_parse(text: str) -> ParsedCode:
    """Reads what a person typed forgivingly, then checks format and check symbol."""
    cleaned = crockford_clean(text)
    if len(cleaned) != BODY_LENGTH + 1 or any(c not in ALPHABET for c in cleaned):
        return ParsedCode(canonical=None, problem="format")
    if not luhn.is_valid(cleaned, alphabet=ALPHABET):
        return ParsedCode(canonical=None, problem="typo")
    return ParsedCode(canonical=cleaned, problem=None)
