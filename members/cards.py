"""Log-in card tokens: generation, forgiving parsing, hashing and the printable PDF."""

import hashlib
import secrets

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info

from core.digits import compact

# Crockford's Base32: no I, L, O or U, so a token read off paper is hard to mistype.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TOKEN_LENGTH = 12  # 60 random bits
# Past this many signs a name is printed smaller, to fit the card.
LONG_NAME = 28
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def token_generate() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(TOKEN_LENGTH))


def crockford_clean(text: str) -> str:
    """Upper-cases, drops spaces and dashes of every kind, reads digits of any
    script as ASCII, O as 0 and I or L as 1."""
    return compact(text).upper().translate(_CONFUSABLE)


def token_normalise(text: str) -> str | None:
    """The canonical token for what a person typed, or None if it cannot be one."""
    cleaned = crockford_clean(text)
    if len(cleaned) != TOKEN_LENGTH or any(c not in ALPHABET for c in cleaned):
        return None
    return cleaned


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_display(token: str) -> str:
    return "-".join(token[i : i + 4] for i in range(0, len(token), 4))


def card_url(token: str) -> str:
    path = reverse("members:card-login", args=[token_display(token)])
    return f"{settings.SITE_URL}{path}"


def cards_html(printed: list[tuple], *, sheet_language: str) -> str:
    """A sheet of cards for (user, token, language) triples: each card in its
    learner's language and direction, names isolated so they keep their own."""
    import segno

    cards = []
    for user, token, language in printed:
        url = card_url(token)
        name = user.get_full_name() or user.username
        cards.append(
            {
                "language": language,
                "direction": "rtl" if get_language_info(language)["bidi"] else "ltr",
                "name": name,
                "long_name": len(name) > LONG_NAME,
                "username": user.username,
                "short_url": url.split("://", 1)[-1],
                "qr": segno.make(url, error="m").svg_data_uri(scale=3, border=0),
            }
        )
    context = {
        "rows": [cards[i : i + 2] for i in range(0, len(cards), 2)],
        "sheet_language": sheet_language,
        "ttl_days": settings.LOGIN_CARD_TTL_DAYS,
    }
    with translation.override(sheet_language):
        return render_to_string("members/pdf/login_cards.html", context)


def cards_pdf(printed: list[tuple], *, sheet_language: str) -> bytes:
    """An A4 PDF of cards (six a page) for (user, token, language) triples."""
    from core.pdf import render_pdf

    return render_pdf(cards_html(printed, sheet_language=sheet_language))
