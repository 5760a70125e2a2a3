"""Course archives: a course written as one zip (its document, media and H5P
packages) and imported into another instance as a new draft, all or nothing.

The layout, version 1 (the document's own ``format`` and ``version`` version it)::

    course.json             the course document (sharing.document), UTF-8 JSON
    files/<relative name>   every file the document names, e.g. files/images/1.png
    h5p/<n>.h5p             the n-th H5P activity (1-based) as a complete package
"""

import json
import logging
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.archives import ExtractionBudget, ZipLimits, zip_entries_check, zip_open
from core.parsers import DuplicateKeyError, strict_json_loads
from core.storage import storage_files
from core.uploads import audio_check, image_check, too_big_error, video_check
from courses.models import Course, Lesson
from h5p.models import Content
from h5p.packaging import content_package_write
from h5p.selectors import libraries_installed
from h5p.services import package_install, user_may_install_libraries
from h5p.validation import (
    ValidatedPackage,
    library_label,
    missing_library_error,
    package_validate,
)

from .document import H5PEntry, course_build, course_document, document_validate

logger = logging.getLogger(__name__)

DOCUMENT = "course.json"
FILES = "files/"
H5P = "h5p/"
SUFFIX = ".sirius-course.zip"
# course.json holds Markdown and H5P parameters, never media.
DOCUMENT_MAX_BYTES = 16 * 1024 * 1024
MAX_RATIO = 200  # as for H5P packages: past it, a bomb
# Formats that are compressed already: deflating them again only costs time.
STORED_EXTENSIONS = frozenset(
    {"png", "jpg", "webp", "mp3", "m4a", "ogg", "mp4", "webm"}
)


def archive_max_bytes() -> int:
    """The largest archive accepted, as uploaded and once decompressed
    (setting COURSE_ARCHIVE_MAX_BYTES)."""
    return settings.COURSE_ARCHIVE_MAX_BYTES


def archive_name(course: Course) -> str:
    """`<slug>.sirius-course.zip`."""
    return f"{course.slug}{SUFFIX}"


def _limits() -> ZipLimits:
    # One entry is at most the largest file an upload could bring.
    max_file = max(
        DOCUMENT_MAX_BYTES,
        settings.LESSON_IMAGE_MAX_BYTES,
        settings.LESSON_AUDIO_MAX_BYTES,
        settings.LESSON_VIDEO_MAX_BYTES,
        settings.H5P_MAX_PACKAGE_BYTES,
    )
    return ZipLimits(
        max_entries=settings.COURSE_ARCHIVE_MAX_ENTRIES,
        max_file=max_file,
        max_total=archive_max_bytes(),
        max_ratio=MAX_RATIO,
    )


# --- Export ---


def _h5p_contents(course: Course) -> list[Content]:
    """The course's H5P activities in the document's order (modules, then lessons)."""
    lessons = (
        Lesson.objects.filter(module__course=course, kind=Lesson.Kind.H5P)
        .order_by("module__position", "module__id", "position", "id")
        .select_related("h5p_content")
        .prefetch_related("h5p_content__libraries")
    )
    return [lesson.h5p_content for lesson in lessons]


def _copy_stored(archive: zipfile.ZipFile, stored: str, entry: str) -> None:
    extension = entry.rsplit(".", 1)[-1].lower()
    info = zipfile.ZipInfo(entry, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = (
        zipfile.ZIP_STORED if extension in STORED_EXTENSIONS else zipfile.ZIP_DEFLATED
    )
    with default_storage.open(stored, "rb") as source, archive.open(info, "w") as out:
        while chunk := source.read(64 * 1024):
            out.write(chunk)


def course_archive_write(*, course: Course, fileobj: BinaryIO) -> None:
    """Writes the course as an archive: course.json, its files, and each H5P
    activity rebuilt as a package (h5p.packaging), in a bounded number of queries."""
    document = course_document(course)
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            DOCUMENT, json.dumps(document.data, ensure_ascii=False, indent=1)
        )
        for relative, stored in document.files.items():
            if not relative.startswith(H5P):  # they travel inside the packages
                _copy_stored(archive, stored, f"{FILES}{relative}")
        for number, content in enumerate(_h5p_contents(course), start=1):
            info = zipfile.ZipInfo(
                f"{H5P}{number}.h5p", date_time=(2020, 1, 1, 0, 0, 0)
            )
            with archive.open(info, "w") as out:
                content_package_write(content, out)


# --- Import: what the archive must hold ---


def _referenced_files(data: dict[str, Any]) -> dict[str, str]:
    """Every file the document names, outside H5P activities, with its kind."""
    kinds: dict[str, str] = {}
    course = data["course"]
    if course["cover"]:
        kinds[course["cover"]] = "image"
    for name in data["images"]:
        kinds[name] = "image"
    for question in data["questions"]:
        if question["image"]:
            kinds[question["image"]] = "image"
    for module in data["modules"]:
        for lesson in module["lessons"]:
            if lesson["kind"] == Lesson.Kind.TEXT:
                for kind in ("audio", "video"):
                    if lesson[kind]:
                        kinds[lesson[kind]] = kind
    return kinds


def _h5p_activities(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The "h5p" dict of each H5P lesson, in the document's order."""
    return [
        lesson["h5p"]
        for module in data["modules"]
        for lesson in module["lessons"]
        if lesson["kind"] == Lesson.Kind.H5P
    ]


def _layout_errors(
    names: set[str], files: dict[str, str], activities: int
) -> list[ValidationError]:
    """An entry nobody uses, or a named file that is missing: every one."""
    errors = []
    packages = {f"{H5P}{number}.h5p" for number in range(1, activities + 1)}
    expected = {f"{FILES}{name}" for name in files} | packages | {DOCUMENT}
    for name in sorted(names - expected):
        errors.append(
            ValidationError(
                _(
                    "L'archive contient un fichier que le module n'utilise pas : "
                    "« %(name)s »."
                ),
                code="unexpected_file",
                params={"name": name[:200]},
            )
        )
    for name in sorted(expected - names):
        errors.append(
            ValidationError(
                _("Le fichier « %(name)s » manque dans l'archive."),
                code="missing_file",
                params={"name": name},
            )
        )
    return errors


def _read_document(archive: zipfile.ZipFile) -> Any:
    """course.json with the API's strict JSON rules."""
    try:
        info = archive.getinfo(DOCUMENT)
    except KeyError:
        raise ValidationError(
            _(
                "Cette archive n'a pas de fichier course.json : ce n'est pas un "
                "module exporté de la plateforme."
            ),
            code="missing_document",
        ) from None
    if info.file_size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("course.json est trop lourd (%(max)s Mo au plus)."),
            code="document_too_big",
            params={"max": DOCUMENT_MAX_BYTES // (1024 * 1024)},
        )
    try:
        text = archive.read(info).decode("utf-8")
        return strict_json_loads(text)
    except DuplicateKeyError as error:
        raise ValidationError(
            _("course.json : la clé « %(key)s » apparaît deux fois."),
            code="bad_document",
            params={"key": str(error.args[0])[:100]},
        ) from error
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, RecursionError) as e:
        # UnicodeDecodeError and JSONDecodeError are ValueErrors.
        raise ValidationError(
            _("course.json n'est pas du JSON valide : l'archive est abîmée."),
            code="bad_document",
        ) from e


def _extract(archive: zipfile.ZipFile, names: list[str], root: Path) -> None:
    """The named entries under root, counting the bytes really written."""
    budget = ExtractionBudget(
        max_file=_limits().max_file, max_total=archive_max_bytes()
    )
    root = root.resolve()
    for name in names:
        target = (root / name).resolve()
        if not target.is_relative_to(root):  # checked already; never trust once
            raise ValidationError(_("Nom de fichier non admis."), code="bad_name")
        target.parent.mkdir(parents=True, exist_ok=True)
        info = archive.getinfo(name)
        try:
            with archive.open(info) as source, target.open("xb") as out:
                written = budget.copy(source, out, name=name)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise ValidationError(
                _("Le fichier « %(name)s » de l'archive est abîmé."),
                code="damaged",
                params={"name": name},
            ) from error
        if written != info.file_size:
            raise ValidationError(
                _(
                    "Le fichier « %(name)s » n'a pas la taille que l'archive "
                    "annonce : archive refusée."
                ),
                code="size_lied",
                params={"name": name},
            )


CHECKS = {"image": image_check, "audio": audio_check, "video": video_check}


@dataclass
class _Extracted:
    """The extracted archive: files opened on demand, closed at the end."""

    root: Path
    stack: ExitStack = field(default_factory=ExitStack)

    def open(self, entry: str) -> File:
        handle = self.stack.enter_context((self.root / entry).open("rb"))
        return File(handle, name=entry.rsplit("/", 1)[-1])

    def open_file(self, relative: str) -> IO[bytes]:
        return self.open(f"{FILES}{relative}")


def _media_errors(
    extracted: _Extracted, files: dict[str, str]
) -> list[ValidationError]:
    """Each file checked by its content, with the limits of an upload."""
    errors = []
    for name, kind in sorted(files.items()):
        upload = extracted.open(f"{FILES}{name}")
        try:
            CHECKS[kind](upload)
        except ValidationError as error:
            for message in error.messages:
                errors.append(
                    ValidationError(
                        "%(name)s : %(message)s",
                        code=error.code or "bad_file",
                        params={"name": f"{FILES}{name}", "message": message},
                    )
                )
        finally:
            upload.close()
    return errors


def _package_errors(
    extracted: _Extracted, activities: list[dict[str, Any]], user
) -> list[ValidationError]:
    """Each package checked as an upload; a trainer learns every library that
    is missing (only administrators install libraries)."""
    errors: list[ValidationError] = []
    installed = {key: lib.metadata for key, lib in libraries_installed().items()}
    may_install = user_may_install_libraries(user)
    missing: dict[tuple[str, int, int], None] = {}
    for number, entry in enumerate(activities, start=1):
        name = f"{H5P}{number}.h5p"
        upload = extracted.open(name)
        try:
            validated: ValidatedPackage = package_validate(upload, installed=installed)
        except ValidationError as error:
            for message in error.messages:
                errors.append(
                    ValidationError(
                        "%(name)s : %(message)s",
                        code=error.code or "bad_package",
                        params={"name": name, "message": message},
                    )
                )
            continue
        finally:
            upload.close()
        if library_label(validated.main_library) != entry["main_library"]:
            errors.append(
                ValidationError(
                    _(
                        "%(name)s ne contient pas l'activité « %(title)s » que "
                        "course.json annonce."
                    ),
                    code="package_mismatch",
                    params={"name": name, "title": entry["title"][:200]},
                )
            )
        if not may_install:
            missing.update(
                dict.fromkeys(k for k in validated.closure if k not in installed)
            )
    errors.extend(missing_library_error(key) for key in missing)
    return errors


# --- Import: building, and undoing the H5P files on failure ---


class _PackageInstaller:
    """course_build's h5p_contents hook: installs each activity's package with
    package_install (checks, sanitising, libraries by role), and removes what it
    stored if the import does not commit."""

    def __init__(self, extracted: _Extracted):
        self.extracted = extracted
        self.contents: list[Content] = []
        self.libraries_before = set(libraries_installed())
        self.library_folders: set[str] = set()  # of libraries this import added

    def __call__(self, entries: Sequence[H5PEntry], open_file, owner) -> list[Content]:
        contents = []
        for entry in entries:
            upload = self.extracted.open(f"{H5P}{entry.number}.h5p")
            try:
                content = package_install(upload=upload, user=owner)
            finally:
                upload.close()
            self.contents.append(content)
            contents.append(content)
            # Known now: once rolled back, the rows no longer tell.
            self.library_folders.update(
                lib.folder
                for lib in content.libraries.all()
                if (lib.machine_name, lib.major, lib.minor) not in self.libraries_before
            )
        return contents

    def undo(self) -> None:
        names = []
        for content in self.contents:
            names.extend(storage_files(default_storage, content.folder))
            if content.package.name:
                names.append(content.package.name)
        for folder in self.library_folders:
            names.extend(storage_files(default_storage, folder))
        for name in names:
            try:
                default_storage.delete(name)
            except Exception:  # one stuck file must not keep the others
                logger.exception("course archive: could not remove %s", name)


def _raise_all(errors: list[ValidationError]) -> None:
    if errors:
        raise ValidationError(errors[:50])


def _entries(archive: zipfile.ZipFile) -> Iterator[str]:
    return (info.filename for info in archive.infolist() if not info.is_dir())


def course_archive_import(*, upload: BinaryIO, user) -> Course:
    """A new draft course, taught by `user`, from an archive checked as uploads
    are (zip, JSON, document, media by content, H5P packages); ValidationError
    listing every reason otherwise. Nothing is left behind on refusal: no row,
    no stored file, no temporary file."""
    size = getattr(upload, "size", None)
    if size is None or size > archive_max_bytes():
        raise too_big_error(archive_max_bytes())
    limits = _limits()
    with (
        zip_open(upload, max_entries=limits.max_entries) as archive,
        tempfile.TemporaryDirectory(prefix="course-archive-") as temporary,
    ):
        zip_entries_check(archive, limits=limits)
        data = document_validate(_read_document(archive))
        files = _referenced_files(data)
        activities = _h5p_activities(data)
        names = set(_entries(archive))
        _raise_all(_layout_errors(names, files, len(activities)))
        extracted = _Extracted(root=Path(temporary))
        _extract(archive, sorted(names - {DOCUMENT}), extracted.root)
        with extracted.stack:
            _raise_all(
                _media_errors(extracted, files)
                + _package_errors(extracted, activities, user)
            )
            installer = _PackageInstaller(extracted)
            try:
                with transaction.atomic():
                    course = course_build(
                        data=data,
                        open_file=extracted.open_file,
                        owner=user,
                        h5p_contents=installer,
                    )
            except IntegrityError as error:
                # Another import took the same address a moment ago.
                installer.undo()
                raise ValidationError(
                    _(
                        "Un autre module vient d'être créé au même moment. "
                        "Envoyez l'archive à nouveau."
                    ),
                    code="concurrent_import",
                ) from error
            except BaseException:
                installer.undo()
                raise
    logger.info("course %s imported from an archive by user %s", course.pk, user.pk)
    return course
