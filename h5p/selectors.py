"""Reads on H5P: contents, installed libraries, a learner's best attempt."""

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Attempt, Content, Library
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
