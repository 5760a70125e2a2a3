"""The files of a document copied into fresh storage names: images, sound and
video checked by content, and H5P contents sharing the installed libraries."""

import json
import tempfile
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from core.storage import storage_files
from core.storage_transactions import file_written
from core.uploads import audio_check, image_check, upload_store, video_check
from courses.models import Lesson
from h5p.models import Content, Library

from .common import (
    AUDIO_FOLDER,
    COVER_FOLDER,
    IMAGE_FOLDER,
    LIBRARY_KEY,
    QUESTION_IMAGE_FOLDER,
    VIDEO_FOLDER,
    H5PEntry,
    OpenFile,
    _extension,
    h5p_file_name,
    library_key,
)


def _missing_file(name: str) -> ValidationError:
    return ValidationError(
        _("Le fichier « %(name)s » manque : le module ne peut pas être créé."),
        params={"name": name},
        code="missing_file",
    )


def _spooled(open_file: OpenFile, name: str, limit: int) -> File:
    """The named file, read once (at most limit + 1 bytes) into a temporary file."""
    try:
        handle = open_file(name)
    except (KeyError, OSError) as error:
        raise _missing_file(name) from error
    spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115
    with handle:
        while chunk := handle.read(64 * 1024):
            spool.write(chunk)
            if spool.tell() > limit:
                break
    spool.seek(0)
    copy = File(spool, name=name.rsplit("/", 1)[-1])
    copy.size = spool.seek(0, 2)
    spool.seek(0)
    return copy


def _stored_copy(
    open_file: OpenFile, name: str, check: Callable[[File], str], folder: str
) -> str:
    """Checks the file by its content (as an upload) and stores it under a new
    random name in the folder."""
    limit = {
        image_check: settings.LESSON_IMAGE_MAX_BYTES,
        audio_check: settings.LESSON_AUDIO_MAX_BYTES,
        video_check: settings.LESSON_VIDEO_MAX_BYTES,
    }[check]
    with _spooled(open_file, name, limit) as copy:
        try:
            extension = check(copy)
        except ValidationError as error:
            raise ValidationError(
                _("Le fichier « %(name)s » est refusé : %(reason)s"),
                params={"name": name, "reason": " ".join(error.messages)},
                code="bad_file",
            ) from error
        return upload_store(upload=copy, folder=folder, extension=extension)


def files_copy(data: dict[str, Any], open_file: OpenFile, written: list[str]) -> dict:
    """Every file the document names (H5P's aside), copied: relative -> stored."""
    wanted: list[tuple[str, Callable, str]] = []
    course = data["course"]
    if course["cover"]:
        wanted.append((course["cover"], image_check, COVER_FOLDER))
    wanted.extend((name, image_check, IMAGE_FOLDER) for name in data["images"])
    for module in data["modules"]:
        for lesson in module["lessons"]:
            if lesson["kind"] == Lesson.Kind.TEXT:
                if lesson["audio"]:
                    wanted.append((lesson["audio"], audio_check, AUDIO_FOLDER))
                if lesson["video"]:
                    wanted.append((lesson["video"], video_check, VIDEO_FOLDER))
    for question in data["questions"]:
        if question["image"]:
            wanted.append((question["image"], image_check, QUESTION_IMAGE_FOLDER))
    stored: dict[str, str] = {}
    for name, check, folder in wanted:
        if name not in stored:
            stored[name] = _stored_copy(open_file, name, check, folder)
            written.append(stored[name])
            file_written(stored[name])  # and gone if the caller's transaction fails
    return stored


def h5p_entries(data: dict[str, Any]) -> list[H5PEntry]:
    entries = []
    for module in data["modules"]:
        for lesson in module["lessons"]:
            if lesson["kind"] == Lesson.Kind.H5P:
                number = len(entries) + 1
                h5p = lesson["h5p"]
                names = {path: h5p_file_name(number, path) for path in h5p["files"]}
                entries.append(H5PEntry(number=number, data=h5p, file_names=names))
    return entries


def _library_lookup(keys: Iterable[str]) -> dict[str, Library]:
    """Installed libraries by document key, in one query."""
    condition = models.Q(pk__in=[])
    for key in set(keys):
        name, major, minor = LIBRARY_KEY.fullmatch(key).groups()
        condition |= models.Q(machine_name=name, major=int(major), minor=int(minor))
    return {library_key(row): row for row in Library.objects.filter(condition)}


def _storage_save(name: str, content: File) -> str:
    if default_storage.exists(name):  # left behind by a content deleted long ago
        default_storage.delete(name)
    saved = default_storage.save(name, content)
    if saved != name:
        default_storage.delete(saved)
        raise RuntimeError(f"storage stored {name!r} as {saved!r}")
    file_written(saved)
    return saved


def folder_delete(folder: str) -> None:
    for name in storage_files(default_storage, folder):
        default_storage.delete(name)


def h5p_contents_copy(
    entries: Sequence[H5PEntry], open_file: OpenFile, owner
) -> list[Content]:
    """New H5P contents for the entries, sharing the installed libraries and
    copying h5p.json, content.json and the content files (3 queries for any
    number). For documents read from this platform's own rows only: the JSON is
    kept as it is (it was sanitised when the package was installed)."""
    from h5p.validation import CONTENT_EXTENSIONS

    if not entries:
        return []
    libraries = _library_lookup(
        key for entry in entries for key in entry.data["libraries"]
    )
    missing = sorted(
        {key for e in entries for key in e.data["libraries"] if key not in libraries}
    )
    if missing:
        raise ValidationError(
            _(
                "Ces bibliothèques H5P ne sont pas installées sur la plateforme : "
                "%(names)s. Demandez à l'équipe de les installer."
            ),
            params={"names": ", ".join(missing)},
            code="h5p_library_missing",
        )
    now = timezone.now()
    contents = Content.objects.bulk_create(
        Content(
            title=entry.data["title"],
            main_library=libraries[entry.data["main_library"]],
            uploaded_by=owner,
            h5p_json=entry.data["h5p_json"],
            content_json=entry.data["content_json"],
            created_at=now,
        )
        for entry in entries
    )
    Content.libraries.through.objects.bulk_create(
        Content.libraries.through(content_id=content.pk, library_id=library.pk)
        for content, entry in zip(contents, entries, strict=True)
        for library in {libraries[key] for key in entry.data["libraries"]}
    )
    try:
        for content, entry in zip(contents, entries, strict=True):
            _h5p_files_write(content, entry, open_file, CONTENT_EXTENSIONS)
    except BaseException:
        for content in contents:
            folder_delete(content.folder)
        raise
    return contents


def _h5p_files_write(
    content: Content, entry: H5PEntry, open_file: OpenFile, extensions
) -> None:
    for name, data in (
        ("h5p.json", entry.data["h5p_json"]),
        ("content/content.json", entry.data["content_json"]),
    ):
        text = json.dumps(data, ensure_ascii=False).encode("utf-8")
        _storage_save(f"{content.folder}/{name}", ContentFile(text))
    for path, relative in entry.file_names.items():
        if _extension(path) not in extensions:
            raise ValidationError(
                _("Le fichier « %(name)s » de l'activité H5P n'est pas admis."),
                params={"name": path},
                code="bad_file",
            )
        with _spooled(open_file, relative, settings.H5P_MAX_FILE_BYTES) as copy:
            if copy.size > settings.H5P_MAX_FILE_BYTES:
                raise ValidationError(
                    _("Le fichier « %(name)s » est trop lourd."),
                    params={"name": path},
                    code="file_too_big",
                )
            _storage_save(f"{content.folder}/{path}", copy)


def storage_open_file(files: dict[str, str]) -> OpenFile:
    """open_file for a document read on this platform: its files in the storage."""

    def open_file(name: str) -> IO[bytes]:
        return default_storage.open(files[name], "rb")

    return open_file
