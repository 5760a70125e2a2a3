"""Log-in card tokens: generation, forgiving parsing, hashing and the printable PDF."""

import hashlib
import secrets

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from core.digits import compact

# Crockford's Base32: no I, L, O or U, so a token read off paper is hard to mistype.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TOKEN_LENGTH = 12  # 60 random bits
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


def cards_pdf(printed: list[tuple]) -> bytes:
    """An A4 sheet of cards (eight a page) for (user, token) pairs."""
    import segno

    from core.pdf import render_pdf

    cards = []
    for user, token in printed:
        url = card_url(token)
        qr = segno.make(url, error="m")
        cards.append(
            {
                "name": user.get_full_name() or user.username,
                "username": user.username,
                "url": url,
                "short_url": url.split("://", 1)[-1],
                "qr": qr.svg_data_uri(scale=3, border=0),
            }
        )
    html = render_to_string(
        "members/pdf/login_cards.html",
        {"cards": cards, "ttl_days": settings.LOGIN_CARD_TTL_DAYS},
    )
    return render_pdf(html)
