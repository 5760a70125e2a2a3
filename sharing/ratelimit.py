"""Course archive imports and exports per trainer: past COURSE_ARCHIVE_RATE_LIMIT
together, pages and API answer 429 with Retry-After before any heavy work.

Only attempts by someone allowed to make them count: the views call
`archive_retry_after` after their permission checks (a trainer; for an export,
a course they teach), and an import only when it is posted."""

import math

from django.conf import settings
from django.utils.translation import ngettext

from core.ratelimit import retry_after

HOUR = 3600


def archive_retry_after(user) -> int | None:
    """Counts one import or export by `user`; past the limit, the seconds to wait
    (None while under it)."""
    return retry_after(
        scope="course-archive",
        identity=str(user.pk),
        rate=settings.COURSE_ARCHIVE_RATE_LIMIT,
        setting="COURSE_ARCHIVE_RATE_LIMIT",
    )


def archive_limited_message(wait: int) -> str:
    """What the trainer reads when refused: when to try again, rounded up (in
    minutes up to an hour, then in hours)."""
    if wait <= HOUR:
        minutes = max(1, math.ceil(wait / 60))
        return ngettext(
            "Vous avez importé ou exporté beaucoup de modules en peu de temps. "
            "Réessayez dans %(count)s minute.",
            "Vous avez importé ou exporté beaucoup de modules en peu de temps. "
            "Réessayez dans %(count)s minutes.",
            minutes,
        ) % {"count": minutes}
    hours = math.ceil(wait / HOUR)
    return ngettext(
        "Vous avez importé ou exporté beaucoup de modules en peu de temps. "
        "Réessayez dans %(count)s heure.",
        "Vous avez importé ou exporté beaucoup de modules en peu de temps. "
        "Réessayez dans %(count)s heures.",
        hours,
    ) % {"count": hours}
