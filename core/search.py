"""Accent- and case-insensitive search, the same on SQLite and PostgreSQL."""

import unicodedata

from django.db.models import QuerySet


def search_fold(text: str) -> str:
    """Text as it is stored and searched: no accents, no case ("Démarches" ->
    "demarches"); a stored column of it needs no database extension."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def search_filter(queryset: QuerySet, q: str, field: str = "search_text") -> QuerySet:
    """Rows whose folded column holds every word of q, whatever their accents."""
    for word in search_fold(q).split():
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset
