"""Checks a `.h5p` upload before anything is extracted: the archive, every entry,
`h5p.json`, every `library.json` and the dependency closure."""

import json
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.archives import ZipLimits, zip_entries_check, zip_open
from core.uploads import too_big_error

from .models import Library

LibraryKey = tuple[str, int, int]  # (machineName, major, minor)

# H5P core's allow-lists (h5p.md). HTML never.
CONTENT_EXTENSIONS = frozenset({
    "json", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "eot", "ttf", "woff",
    "woff2", "otf", "webm", "mp4", "ogg", "mp3", "m4a", "wav", "txt", "pdf", "rtf",
    "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "csv", "diff",
    "patch", "swf", "md", "textile", "vtt", "webvtt", "gltf", "glb",
})  # fmt: skip
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css", "svg", "xml"}
EMBED_TYPES = frozenset({"iframe", "div"})
MACHINE_NAME = re.compile(r"[\w.\-]{1,255}", re.ASCII)
LANGUAGE = re.compile(r"[-a-zA-Z]{1,10}")
LIBRARY_FOLDER = re.compile(r"([\w.\-]{1,255})-(\d{1,5})\.(\d{1,5})", re.ASCII)
MAX_VERSION = 99_999


@dataclass(frozen=True)
class PackageLibrary:
    """A library folder shipped in the package, with its parsed JSON files."""

    folder: str
    metadata: dict[str, Any]
    semantics: list[Any] | None
    files: tuple[str, ...]  # entry names under the folder, ignored ones left out

    @property
    def key(self) -> LibraryKey:
        return library_key(self.metadata)

    @property
    def patch(self) -> int:
        return _version(self.metadata.get("patchVersion"))


@dataclass(frozen=True)
class ValidatedPackage:
    """What a checked package holds; nothing is extracted yet."""

    h5p: dict[str, Any]
    title: str
    main_library: LibraryKey
    dependencies: tuple[LibraryKey, ...]  # h5p.json's preloadedDependencies
    libraries: dict[LibraryKey, PackageLibrary]
    content_files: tuple[str, ...]  # entry names under content/
    # Every library needed, transitively, from the package or installed.
    closure: tuple[LibraryKey, ...]
    declared_bytes: int = 0
    ignored: tuple[str, ...] = field(default=())


def library_label(key: LibraryKey) -> str:
    """`H5P.MultiChoice 1.16`, as people read it."""
    return f"{key[0]} {key[1]}.{key[2]}"


def library_key(data: Mapping[str, Any]) -> LibraryKey:
    """The key of a dependency or library.json (versions may be strings)."""
    return (
        str(data["machineName"]),
        _version(data["majorVersion"]),
        _version(data["minorVersion"]),
    )


def _version(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    else:
        raise ValueError(value)
    if not 0 <= number <= MAX_VERSION:
        raise ValueError(value)
    return number


def _refuse(message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


# --- The archive and its entries ---


def _limits() -> ZipLimits:
    return ZipLimits(
        max_entries=settings.H5P_MAX_ENTRIES,
        max_file=settings.H5P_MAX_FILE_BYTES,
        max_total=settings.H5P_MAX_TOTAL_BYTES,
        max_ratio=settings.H5P_MAX_RATIO,
    )


def _is_ignored(name: str) -> bool:
    """H5P ignores names starting with `.` or `_` (and so `__MACOSX`)."""
    return any(s.startswith((".", "_")) for s in name.rstrip("/").split("/"))


def _extension(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _open_archive(upload: BinaryIO) -> zipfile.ZipFile:
    try:
        return zip_open(upload, max_entries=settings.H5P_MAX_ENTRIES)
    except ValidationError as error:
        if error.code != "not_zip":
            raise
        raise _refuse(
            _("Ce fichier n'est pas un paquet H5P (une archive .h5p ou .zip)."),
            "not_zip",
        ) from error


def _check_entries(archive: zipfile.ZipFile) -> int:
    """Every entry, before anything is read; returns the declared total size."""
    return zip_entries_check(archive, limits=_limits())


# --- JSON files ---


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")  # NaN, Infinity: Python-only


def _read_json(archive: zipfile.ZipFile, name: str) -> Any:
    broken = _refuse(
        _("Le fichier « %(name)s » du paquet n'est pas du JSON valide."),
        "bad_json",
        name=name,
    )
    try:
        data = archive.read(name)
        return json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant)
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        UnicodeDecodeError,
        ValueError,
        RecursionError,
    ) as error:
        raise broken from error


def _dependencies(data: Any, where: str) -> tuple[LibraryKey, ...]:
    """A list of {machineName, majorVersion, minorVersion}; versions may be strings."""
    broken = _refuse(
        _("%(where)s : la liste des dépendances est mal formée."),
        "bad_dependencies",
        where=where,
    )
    if not isinstance(data, list) or len(data) > 1000:
        raise broken
    keys = []
    for each in data:
        if not isinstance(each, dict):
            raise broken
        try:
            key = library_key(each)
        except (KeyError, ValueError) as error:
            raise broken from error
        if not MACHINE_NAME.fullmatch(key[0]):
            raise broken
        keys.append(key)
    return tuple(keys)


def _embed_types(data: Any, where: str, *, required: bool) -> None:
    if data is None and not required:
        return
    if (
        not isinstance(data, list)
        or not data
        or not all(isinstance(t, str) for t in data)
        or not set(data) <= EMBED_TYPES
    ):
        raise _refuse(
            _("%(where)s : embedTypes doit être « iframe », « div » ou les deux."),
            "bad_embed_types",
            where=where,
        )


def _check_h5p_json(data: Any) -> tuple[str, LibraryKey, tuple[LibraryKey, ...]]:
    where = "h5p.json"
    if not isinstance(data, dict):
        raise _refuse(_("h5p.json doit être un objet JSON."), "bad_h5p_json")
    title = data.get("title")
    if not isinstance(title, str) or not 1 <= len(title.strip()) <= 255:
        raise _refuse(
            _("h5p.json : le titre doit compter de 1 à 255 signes."), "bad_title"
        )
    language = data.get("language")
    if not isinstance(language, str) or not LANGUAGE.fullmatch(language):
        raise _refuse(
            _("h5p.json : la langue « %(language)s » n'est pas valide."),
            "bad_language",
            language=str(language)[:20],
        )
    main = data.get("mainLibrary")
    if not isinstance(main, str) or not MACHINE_NAME.fullmatch(main):
        raise _refuse(
            _("h5p.json : la bibliothèque principale (mainLibrary) manque."),
            "bad_main_library",
        )
    dependencies = _dependencies(data.get("preloadedDependencies"), where)
    _embed_types(data.get("embedTypes"), where, required=True)
    mains = [key for key in dependencies if key[0] == main]
    if not mains:
        raise _refuse(
            _(
                "h5p.json : la bibliothèque principale %(name)s n'est pas "
                "dans les dépendances."
            ),
            "main_not_in_dependencies",
            name=main,
        )
    return title.strip(), mains[0], dependencies


def _file_list(data: Any, folder: str, names: set[str], extension: str) -> None:
    broken = _refuse(
        _("%(folder)s/library.json : un fichier listé manque dans le paquet."),
        "missing_library_file",
        folder=folder,
    )
    if data is None:
        return
    if not isinstance(data, list):
        raise broken
    for each in data:
        path = each.get("path") if isinstance(each, dict) else None
        if not isinstance(path, str) or _extension(path) != extension:
            raise broken
        if f"{folder}/{path}" not in names:
            raise _refuse(
                _(
                    "%(folder)s/library.json liste le fichier « %(path)s », "
                    "absent du paquet."
                ),
                "missing_library_file",
                folder=folder,
                path=path[:200],
            )


REQUIRED_LIBRARY_FIELDS = (
    "title",
    "machineName",
    "majorVersion",
    "minorVersion",
    "patchVersion",
    "runnable",
)


def _valid_library_field(name: str, value: Any) -> bool:
    if name == "title":
        return isinstance(value, str) and 1 <= len(value) <= 255
    if name == "machineName":
        return isinstance(value, str) and bool(MACHINE_NAME.fullmatch(value))
    if name == "runnable":
        return value in (0, 1, "0", "1") and not isinstance(value, float)
    try:
        _version(value)
    except ValueError:
        return False
    return True


def _check_library(
    archive: zipfile.ZipFile, folder: str, files: list[str], names: set[str]
) -> PackageLibrary:
    where = f"{folder}/library.json"
    if where not in names:
        raise _refuse(
            _("Le dossier « %(folder)s » du paquet n'a pas de library.json."),
            "missing_library_json",
            folder=folder,
        )
    data = _read_json(archive, where)
    for name in REQUIRED_LIBRARY_FIELDS:
        if not isinstance(data, dict) or not _valid_library_field(name, data.get(name)):
            raise _refuse(
                _("%(where)s est incomplet ou mal formé (%(field)s)."),
                "bad_library_json",
                where=where,
                field=name,
            )
    key = library_key(data)
    if folder != f"{key[0]}-{key[1]}.{key[2]}":
        raise _refuse(
            _(
                "Le dossier « %(folder)s » ne correspond pas à sa bibliothèque "
                "%(library)s."
            ),
            "folder_mismatch",
            folder=folder,
            library=library_label(key),
        )
    for name in ("preloadedDependencies", "editorDependencies", "dynamicDependencies"):
        if name in data:
            _dependencies(data[name], where)
    _embed_types(data.get("embedTypes"), where, required=False)
    _file_list(data.get("preloadedJs"), folder, names, "js")
    _file_list(data.get("preloadedCss"), folder, names, "css")
    semantics = None
    if f"{folder}/semantics.json" in names:
        semantics = _read_json(archive, f"{folder}/semantics.json")
        if not isinstance(semantics, list):
            raise _refuse(
                _("%(folder)s/semantics.json doit être une liste."),
                "bad_semantics",
                folder=folder,
            )
    return PackageLibrary(
        folder=folder, metadata=data, semantics=semantics, files=tuple(files)
    )


def missing_library_error(key: LibraryKey) -> ValidationError:
    return _refuse(
        _(
            "Le paquet demande la bibliothèque %(library)s, qui n'est pas installée. "
            "Demandez à un administrateur de l'installer."
        ),
        "missing_library",
        library=library_label(key),
    )


def dependency_closure(
    roots: Iterable[LibraryKey],
    metadata: Callable[[LibraryKey], Mapping[str, Any] | None],
) -> tuple[LibraryKey, ...]:
    """Every library the roots need, transitively; `metadata` gives a library's
    library.json or None when it is neither in the package nor installed."""
    seen: dict[LibraryKey, None] = {}
    missing: dict[LibraryKey, None] = {}
    pending = list(roots)
    while pending:
        key = pending.pop(0)
        if key in seen or key in missing:
            continue
        data = metadata(key)
        if data is None:
            # Keep walking: the trainer learns every missing library at once.
            missing[key] = None
            continue
        seen[key] = None
        pending.extend(
            _dependencies(data.get("preloadedDependencies", []), library_label(key))
        )
    if len(missing) == 1:
        raise missing_library_error(next(iter(missing)))
    if missing:
        raise ValidationError([missing_library_error(key) for key in missing])
    return tuple(seen)


def _installed_metadata() -> dict[LibraryKey, dict[str, Any]]:
    return {
        (lib.machine_name, lib.major, lib.minor): lib.metadata
        for lib in Library.objects.only("machine_name", "major", "minor", "metadata")
    }


# --- The one entry point ---


def package_validate(
    upload: BinaryIO,
    *,
    installed: Mapping[LibraryKey, Mapping[str, Any]] | None = None,
) -> ValidatedPackage:
    """A checked description of an H5P package; ValidationError with a clear
    French message naming the entry or library otherwise. Reads only the
    archive's directory and its JSON files: nothing is extracted."""
    max_bytes = settings.H5P_MAX_PACKAGE_BYTES
    size = getattr(upload, "size", None)
    if size is None or size > max_bytes:
        raise too_big_error(max_bytes)
    with _open_archive(upload) as archive:
        declared = _check_entries(archive)
        names = {i.filename for i in archive.infolist() if not i.is_dir()}
        ignored, content_files = [], []
        library_files: dict[str, list[str]] = {}
        for name in sorted(names):
            if _is_ignored(name):
                ignored.append(name)
                continue
            top, _sep, rest = name.partition("/")
            if not rest:  # at the root: h5p.json, or a stray file kept out
                if name != "h5p.json" and _extension(name) not in CONTENT_EXTENSIONS:
                    raise _not_allowed(name)
                continue
            if top == "content":
                if _extension(name) not in CONTENT_EXTENSIONS:
                    raise _not_allowed(name)
                content_files.append(name)
                continue
            if _extension(name) not in LIBRARY_EXTENSIONS:
                raise _not_allowed(name)
            if not LIBRARY_FOLDER.fullmatch(top):
                raise _refuse(
                    _(
                        "Le dossier « %(folder)s » du paquet n'est pas une "
                        "bibliothèque H5P (nom-majeure.mineure)."
                    ),
                    "bad_library_folder",
                    folder=top,
                )
            library_files.setdefault(top, []).append(name)
        if "h5p.json" not in names:
            raise _refuse(
                _("Ce paquet n'a pas de h5p.json : ce n'est pas un paquet H5P."),
                "missing_h5p_json",
            )
        if "content/content.json" not in names:
            raise _refuse(
                _("Ce paquet n'a pas de fichier content/content.json."),
                "missing_content_json",
            )
        h5p = _read_json(archive, "h5p.json")
        title, main, dependencies = _check_h5p_json(h5p)
        libraries = {}
        for folder, files in library_files.items():
            library = _check_library(archive, folder, files, names)
            libraries[library.key] = library
        content = _read_json(archive, "content/content.json")
        if not isinstance(content, dict):
            raise _refuse(
                _("content/content.json doit être un objet JSON."), "bad_content_json"
            )
    if installed is None:
        installed = _installed_metadata()

    def metadata(key: LibraryKey) -> Mapping[str, Any] | None:
        if key in libraries:
            return libraries[key].metadata
        return installed.get(key)

    closure = dependency_closure(dependencies, metadata)
    return ValidatedPackage(
        h5p=h5p,
        title=title,
        main_library=main,
        dependencies=dependencies,
        libraries=libraries,
        content_files=tuple(content_files),
        closure=closure,
        declared_bytes=declared,
        ignored=tuple(ignored),
    )


def _not_allowed(name: str) -> ValidationError:
    return _refuse(
        _("Le paquet contient un type de fichier non admis : « %(name)s »."),
        "extension",
        name=name,
    )
