"""A member's personal data across apps: export and erasure.

Each app owns a `privacy` module with `member_data_export(*, user) -> dict` and
`member_data_erase(*, user) -> None` for its own rows, and optionally
`member_consent_log(*, user) -> list[dict]` (when, what, who). An app without
the module (skills, until it has one) is skipped, so it can plug in later."""

import importlib
import importlib.util
import logging
from types import ModuleType

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.privacy import ERASED_USERNAME_PREFIX

logger = logging.getLogger(__name__)

# Erasure runs in this order: the account row is anonymised last.
APPS = [
    "courses",
    "quizzes",
    "h5p",
    "certificates",
    "skills",
    "stories",
    "interests",
    "members",
]
EXPORT_FORMAT = 1


def _privacy_modules() -> list[tuple[str, ModuleType]]:
    modules = []
    for app in APPS:
        name = f"{app}.privacy"
        if importlib.util.find_spec(name) is not None:
            modules.append((app, importlib.import_module(name)))
    return modules


def member_export(user) -> dict:
    """Everything the platform holds about the member, one key per app."""
    data: dict = {"format": EXPORT_FORMAT}
    for app, module in _privacy_modules():
        data[app] = module.member_data_export(user=user)
    data["consent_log"] = member_consent_log(user)
    return data


def member_consent_log(user) -> list[dict]:
    """What was shared with whom and when, newest first."""
    entries = []
    for _app, module in _privacy_modules():
        log = getattr(module, "member_consent_log", None)
        if log is not None:
            entries.extend(log(user=user))
    return sorted(entries, key=lambda entry: entry["when"], reverse=True)


def member_erase_refusal(user) -> str | None:
    """Why the member may not erase their own account, or None.

    Staff and trainers who teach a course or lead a group hold other people's
    work: an administrator hands it over first, then erases the account."""
    if user.is_superuser or user.is_staff or user.is_staff_member:
        return _(
            "Un compte de l'équipe ne peut pas s'effacer lui-même : "
            "contactez un administrateur."
        )
    if user.taught_courses.exists() or user.led_groups.exists():
        return _(
            "Vous donnez des modules ou suivez des groupes : "
            "contactez un administrateur pour effacer votre compte."
        )
    return None


def _erase_everywhere(user) -> None:
    for _app, module in _privacy_modules():
        module.member_data_erase(user=user)


@transaction.atomic
def member_erase(user) -> None:
    """Deletes or anonymises the member's personal data in every app; files go
    after commit. Logs the account number only, never a name or address."""
    refusal = member_erase_refusal(user)
    if refusal is not None:
        raise ValidationError(refusal, code="refused")
    _erase_everywhere(user)
    logger.info("Account %s erased at the member's request", user.pk)


def may_erase_others(staff) -> bool:
    """Administrators and the cooperative's team erase accounts on request."""
    return bool(
        staff.is_authenticated
        and staff.is_active
        and (staff.is_superuser or staff.is_staff_member)
    )


def staff_erase_refusal(*, user, staff) -> str | None:
    """Why this staff member may not erase this account yet, or None.

    Courses and groups are other people's work: they are handed over first
    (another trainer added to the course, the group given to someone else)."""
    if not may_erase_others(staff):
        return _(
            "Seule l'équipe de la coopérative peut effacer le compte "
            "d'une autre personne."
        )
    if user.pk == staff.pk:
        return _(
            "Vous ne pouvez pas effacer votre propre compte : "
            "demandez-le à un autre administrateur."
        )
    if user.is_superuser and not staff.is_superuser:
        return _("Seul un administrateur peut effacer le compte d'un administrateur.")
    if not user.is_active and user.username.startswith(ERASED_USERNAME_PREFIX):
        return _("Ce compte est déjà effacé.")
    courses = list(user.taught_courses.values_list("title", flat=True)[:10])
    groups = list(user.led_groups.values_list("name", flat=True)[:10])
    if courses or groups:
        names = ", ".join(f"« {name} »" for name in [*courses, *groups])
        return _(
            "Confiez d'abord à quelqu'un d'autre ses modules et ses groupes : "
            "%(names)s."
        ) % {"names": names}
    return None


@transaction.atomic
def member_erase_by_staff(*, user, staff) -> None:
    """Erases another account (a trainer, a partner, a team member) at their
    request, exactly as self-service erasure does; the log names only numbers."""
    refusal = staff_erase_refusal(user=user, staff=staff)
    if refusal is not None:
        raise ValidationError(refusal, code="refused")
    _erase_everywhere(user)
    logger.info("Account %s erased by staff account %s", user.pk, staff.pk)
