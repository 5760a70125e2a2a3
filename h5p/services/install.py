"""Installing a package (its libraries and its content) in one go, all or nothing,
and deleting a content with its files."""

import json
import logging
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.archives import CHUNK_BYTES, ExtractionBudget
from core.storage import storage_files

from ..models import (
    LIBRARIES_FOLDER,
    PACKAGES_FOLDER,
    Content,
    Library,
)
from ..sanitising import content_sanitise, escape_all
from ..selectors import libraries_installed
from ..validation import (
    LibraryKey,
    PackageLibrary,
    ValidatedPackage,
    dependency_closure,
    package_validate,
)

logger = logging.getLogger(__name__)


def user_may_install_libraries(user) -> bool:
    """Library JavaScript runs in learners' browsers: administrators only."""
    return bool(getattr(user, "is_staff_member", False) or user.is_superuser)


# --- Which libraries the package brings, and which are used as installed ---


@dataclass(frozen=True)
class _LibraryPlan:
    install: dict[LibraryKey, PackageLibrary]  # new, or a higher patch (staff)
    installed: dict[LibraryKey, Library]
    closure: tuple[LibraryKey, ...]

    def semantics(self, key: LibraryKey) -> list[Any] | None:
        if key in self.install:
            return self.install[key].semantics
        row = self.installed.get(key)
        return row.semantics if row is not None else None


def _library_plan(validated: ValidatedPackage, user) -> _LibraryPlan:
    """Staff install new libraries and higher patches; anyone else uses the
    installed ones and is refused, naming it, when one is missing."""
    installed = libraries_installed()
    install: dict[LibraryKey, PackageLibrary] = {}
    if user_may_install_libraries(user):
        for key, library in validated.libraries.items():
            current = installed.get(key)
            if current is None or library.patch > current.patch:
                install[key] = library

    def metadata(key: LibraryKey) -> dict[str, Any] | None:
        if key in install:
            return install[key].metadata
        row = installed.get(key)
        return row.metadata if row is not None else None

    closure = dependency_closure(validated.dependencies, metadata)
    # Libraries the content does not need (editor widgets, say) are not installed.
    install = {key: lib for key, lib in install.items() if key in closure}
    return _LibraryPlan(install=install, installed=installed, closure=closure)


# --- Extraction into a fresh temporary directory ---


def _extract(upload: BinaryIO, names: list[str], root: Path) -> None:
    """Writes the named entries under root, and nothing anywhere else."""
    budget = ExtractionBudget(
        max_file=settings.H5P_MAX_FILE_BYTES, max_total=settings.H5P_MAX_TOTAL_BYTES
    )
    root = root.resolve()
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        for name in names:
            info = archive.getinfo(name)
            target = (root / name).resolve()
            if not target.is_relative_to(root):  # checked already; never trust once
                raise ValidationError(_("Nom de fichier non admis."), code="bad_name")
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source, target.open("xb") as out:
                    written = budget.copy(source, out, name=name)
            except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                raise ValidationError(
                    _("Le fichier « %(name)s » du paquet est abîmé."),
                    code="damaged",
                    params={"name": name},
                ) from error
            except OSError as error:
                logger.exception("h5p extraction failed on the server's side")
                raise ValidationError(
                    _(
                        "Le paquet n'a pas pu être décompressé sur le serveur. "
                        "Réessayez plus tard."
                    ),
                    code="extraction_failed",
                ) from error
            if written != info.file_size:
                raise ValidationError(
                    _(
                        "Le fichier « %(name)s » n'a pas la taille que le paquet "
                        "annonce : paquet refusé."
                    ),
                    code="size_lied",
                    params={"name": name},
                )


# --- Storage, undone when the rows are not committed ---


class _StorageJournal:
    """Files written to the storage during one install, undone on failure."""

    def __init__(self, storage: Storage, backup_root: Path):
        self.storage = storage
        self.backup_root = backup_root
        self.created: list[str] = []
        self.backups: list[tuple[str, Path]] = []

    def save(self, name: str, content: File) -> None:
        if self.storage.exists(name):  # left by an install that failed midway
            self.storage.delete(name)
        saved = self.storage.save(name, content)
        self.created.append(saved)
        if saved != name:
            raise RuntimeError(f"storage stored {name!r} as {saved!r}")

    def save_file(self, name: str, path: Path) -> None:
        with path.open("rb") as handle:
            self.save(name, File(handle, name=path.name))

    def clear(self, folder: str, *, restore: bool) -> None:
        """Removes a folder's files; `restore` keeps a copy to put back on failure."""
        for name in storage_files(self.storage, folder):
            if restore:
                backup = self.backup_root / f"{len(self.backups)}"
                backup.parent.mkdir(parents=True, exist_ok=True)
                with self.storage.open(name, "rb") as source, backup.open("wb") as out:
                    while chunk := source.read(CHUNK_BYTES):
                        out.write(chunk)
                self.backups.append((name, backup))
            self.storage.delete(name)

    def undo(self) -> None:
        for name in self.created:
            try:
                self.storage.delete(name)
            except Exception:  # undo the rest whatever happens to one file
                logger.exception("h5p: could not remove %s", name)
        for name, backup in self.backups:
            try:
                if self.storage.exists(name):
                    self.storage.delete(name)
                with backup.open("rb") as handle:
                    self.storage.save(name, File(handle, name=backup.name))
            except Exception:
                logger.exception("h5p: could not restore %s", name)
        _prune_empty_folders(self.storage, self.created)


def _prune_empty_folders(storage: Storage, names: list[str]) -> None:
    """Empty folders left on a file system storage by an install undone."""
    try:
        location = Path(storage.path("")).resolve()
    except NotImplementedError:
        return  # object storage has no folders
    for name in names:
        folder = Path(storage.path(name)).parent
        while folder != location and folder.is_relative_to(location):
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent


# --- The service ---


def _sub_content_semantics(plan: _LibraryPlan):
    def lookup(label: str) -> list[Any] | None:
        name, _sep, version = label.partition(" ")
        major, _dot, minor = version.partition(".")
        if not (major.isdigit() and minor.isdigit()):
            return None
        key = (name, int(major), int(minor))
        return plan.semantics(key) if key in plan.closure else None

    return lookup


def _json_file(data: Any) -> ContentFile:
    return ContentFile(json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _store_libraries(
    plan: _LibraryPlan, journal: _StorageJournal, root: Path
) -> dict[LibraryKey, Library]:
    rows = dict(plan.installed)
    for key, library in plan.install.items():
        data = library.metadata
        row = rows.get(key)
        if row is not None:
            # Another administrator may have upgraded it since the plan was made.
            row = Library.objects.select_for_update().get(pk=row.pk)
            if row.patch >= library.patch:
                rows[key] = row
                continue
        else:
            # The row comes before the files: a concurrent install of the same
            # library waits on the unique index and fails before writing any.
            row = Library(machine_name=key[0], major=key[1], minor=key[2])
        row.patch = library.patch
        row.title = data["title"][:255]
        row.runnable = data["runnable"] in (1, True, "1")
        row.metadata = data
        row.semantics = library.semantics
        row.save()
        journal.clear(row.folder, restore=True)
        for name in library.files:
            journal.save_file(f"{LIBRARIES_FOLDER}/{name}", root / name)
        rows[key] = row
    return rows


STORAGE_REFUSED = gettext_lazy(
    "Le stockage des fichiers est plein ou en lecture seule : l'activité n'a pas "
    "été installée et rien n'a été gardé. Réessayez plus tard ou prévenez "
    "l'équipe technique."
)


def package_install(*, upload: BinaryIO, user) -> Content:
    """Checks an H5P package, installs the libraries the user may install, and
    stores its content with sanitised parameters: all of it, or nothing."""
    validated = package_validate(upload)
    plan = _library_plan(validated, user)
    lookup = _sub_content_semantics(plan)
    with tempfile.TemporaryDirectory(prefix="h5p-") as temporary:
        root = Path(temporary) / "package"
        names = [*validated.content_files]
        for library in plan.install.values():
            names.extend(library.files)
        _extract(upload, names, root)
        params = json.loads(
            (root / "content/content.json").read_text(encoding="utf-8-sig")
        )
        content_json = content_sanitise(
            params, plan.semantics(validated.main_library), lookup
        )
        journal = _StorageJournal(default_storage, Path(temporary) / "backup")
        try:
            with transaction.atomic():
                rows = _store_libraries(plan, journal, root)
                content = Content.objects.create(
                    title=validated.title,
                    main_library=rows[validated.main_library],
                    uploaded_by=user,
                    h5p_json=validated.h5p,
                    content_json=content_json,
                )
                content.libraries.set([rows[key] for key in plan.closure])
                journal.clear(content.folder, restore=False)
                journal.save(
                    f"{content.folder}/h5p.json", _json_file(_escaped_h5p(validated))
                )
                journal.save(
                    f"{content.folder}/content/content.json", _json_file(content_json)
                )
                for name in validated.content_files:
                    if name != "content/content.json":
                        journal.save_file(f"{content.folder}/{name}", root / name)
                upload.seek(0)
                package_name = f"{PACKAGES_FOLDER}/{content.pk}.h5p"
                journal.save(package_name, File(upload, name=f"{content.pk}.h5p"))
                content.package.name = package_name
                content.save(update_fields=["package"])
        except IntegrityError as error:
            journal.undo()
            raise ValidationError(
                _(
                    "Une autre installation des mêmes bibliothèques vient d'avoir "
                    "lieu. Déposez le paquet à nouveau."
                ),
                code="concurrent_install",
            ) from error
        except OSError as error:
            # The storage is full or read-only: the rows roll back with the
            # transaction, the files written so far go with the journal.
            journal.undo()
            logger.error("h5p: storage refused a file: %s", error)
            raise ValidationError(
                STORAGE_REFUSED, code="storage_unavailable"
            ) from error
        except BaseException:
            journal.undo()
            raise
    logger.info(
        "h5p content %s installed by user %s; libraries installed: %s",
        content.pk,
        getattr(user, "pk", None),
        ", ".join(sorted(f"{k[0]}-{k[1]}.{k[2]}" for k in plan.install)) or "none",
    )
    return content


@transaction.atomic
def content_delete(*, content: Content) -> None:
    """Deletes a content and, once committed, its stored files and original
    package; the libraries stay for the other contents."""
    names = [*storage_files(default_storage, content.folder)]
    if content.package.name:
        names.append(content.package.name)
    content.delete()

    def remove_files() -> None:
        for name in names:
            try:
                default_storage.delete(name)
            except Exception:  # one stuck file must not keep the others
                logger.exception("h5p: could not remove %s", name)
        _prune_empty_folders(default_storage, names)

    transaction.on_commit(remove_files)


def _escaped_h5p(validated: ValidatedPackage) -> dict[str, Any]:
    """h5p.json as the player reads it: its texts escaped like plain text fields."""
    return escape_all(validated.h5p)
