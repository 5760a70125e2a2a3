"""Reads on H5P: contents, installed libraries, a learner's best attempt, the
player's options."""

from typing import Any

from django.conf import settings
from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.module_loading import import_string

from .models import Attempt, Content, Library, SavedState
from .validation import LIBRARY_FOLDER, LibraryKey


def content_get(*, content_id: int) -> Content:
    """A content by id, or a 404."""
    return get_object_or_404(
        Content.objects.select_related("main_library"), pk=content_id
    )


def library_for_folder(*, folder: str) -> Library:
    """The installed library stored in `machineName-major.minor`, or a 404."""
    match = LIBRARY_FOLDER.fullmatch(folder)
    if match is None:
        raise Http404
    name, major, minor = match.groups()
    return get_object_or_404(
        Library, machine_name=name, major=int(major), minor=int(minor)
    )


def libraries_installed() -> dict[LibraryKey, Library]:
    """Every installed library by (machineName, major, minor)."""
    return {
        (lib.machine_name, lib.major, lib.minor): lib for lib in Library.objects.all()
    }


def attempt_best(*, user, content: Content) -> Attempt | None:
    """The learner's best finished attempt (self-reported score), if any."""
    return (
        Attempt.objects.filter(user=user, content=content, completed=True)
        .order_by(F("scaled").desc(nulls_last=True), "-finished_at")
        .first()
    )


def user_may_play(user, content: Content) -> bool:
    """Whether the member may play (and send results for) the content. The rule
    belongs to the app that places contents (settings.H5P_CONTENT_ACCESS, a
    dotted path to `rule(user, content) -> bool`); without one, staff only."""
    if not getattr(user, "is_authenticated", False):
        return False
    rule_path = getattr(settings, "H5P_CONTENT_ACCESS", "")
    if not rule_path:
        return bool(getattr(user, "is_staff_member", False) or user.is_superuser)
    return bool(import_string(rule_path)(user, content))


def content_for_player(*, user, content_id: int) -> Content:
    """A content the member may play; a 404 for any other (it may not exist)."""
    content = content_get(content_id=content_id)
    if not user_may_play(user, content):
        raise Http404
    return content


PLAYER_STATIC = "vendor/h5p-standalone"
SAVE_EVERY_SECONDS = 30


def player_options(*, content: Content, user) -> dict[str, Any]:
    """h5p-standalone's options for the content, in `div` mode (no iframe, so no
    inline script), with the member's saved state to restore."""
    state = (
        SavedState.objects.filter(user=user, content=content)
        .values_list("data", flat=True)
        .first()
    )
    files = reverse("h5p:file", args=["x"]).removesuffix("x")
    options: dict[str, Any] = {
        "id": str(content.pk),
        "h5pJsonPath": f"{files}content/{content.pk}",
        "contentJsonPath": f"{files}content/{content.pk}/content",
        "librariesPath": f"{files}libraries",
        "frameJs": static(f"{PLAYER_STATIC}/frame.bundle.js"),
        "frameCss": static(f"{PLAYER_STATIC}/styles/h5p.css"),
        "embedType": "div",
        "frame": False,
        "fullScreen": False,
        "export": False,
        "copyright": False,
        "icon": False,
        "xAPIObjectIRI": content_iri(content),
        # Needed for H5P to restore the state; without `user`, H5P itself never
        # posts it: our script does, with the CSRF token.
        "saveFreq": SAVE_EVERY_SECONDS,
    }
    if state:
        options["contentUserData"] = [{"state": state}]
    return options


def libraries_with_contents():
    """Installed libraries, each with the contents that use it (2 queries)."""
    return Library.objects.order_by("machine_name", "major", "minor").prefetch_related(
        Prefetch("contents", queryset=Content.objects.order_by("title", "id"))
    )


def content_iri(content: Content) -> str:
    """The xAPI object IRI of a content: SITE_URL/h5p/<id>."""
    return f"{settings.SITE_URL}/h5p/{content.pk}"
