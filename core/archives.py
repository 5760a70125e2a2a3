"""Zip archives checked before anything is extracted (H5P packages, course archives):
entry count, names, links, encryption, compression ratio and sizes."""

import re
import stat
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_NAME_CHARS = 255
# A small file cannot be a bomb, and short repetitive files (JSON, CSS) often
# compress more than 200 times: the ratio counts from this size up.
RATIO_FLOOR_BYTES = 1024 * 1024
# Stored and deflated: what zip tools write; other methods are refused.
COMPRESSION_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# A central directory entry is 46 bytes plus its name and extras; past this
# average per allowed entry the directory is refused before it is parsed.
MAX_DIRECTORY_BYTES_PER_ENTRY = 1024
CHUNK_BYTES = 64 * 1024
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """What one kind of archive may hold."""

    max_entries: int
    max_file: int  # bytes of one entry, decompressed
    max_total: int  # bytes of all entries, decompressed
    max_ratio: int  # decompressed / compressed, from RATIO_FLOOR_BYTES up


def _refuse(message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def _declared_directory(upload: BinaryIO) -> tuple[int, int] | None:
    """(entries, central directory bytes) from the end record, read before
    zipfile parses (and holds in memory) the whole directory."""
    upload.seek(0)
    # zipfile's own reader of the end record; private, stable since Python 2.
    record = zipfile._EndRecData(upload)  # noqa: SLF001
    upload.seek(0)
    if not record:
        return None
    return record[zipfile._ECD_ENTRIES_TOTAL], record[zipfile._ECD_SIZE]  # noqa: SLF001


def has_control_characters(name: str) -> bool:
    """Cc: NUL, CR, LF...; Cf: right-to-left override, zero-width characters."""
    return any(unicodedata.category(char) in ("Cc", "Cf") for char in name)


def printable(name: str) -> str:
    """A name fit for a message: invisible characters shown as \\uXXXX."""
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf") else c
        for c in name
    )


def _check_name(info: zipfile.ZipInfo) -> None:
    # orig_filename: zipfile cuts a name at NUL, the original keeps it.
    for name in (info.orig_filename, info.filename):
        bad = _refuse(
            _("L'archive contient un nom de fichier non admis : « %(name)s »."),
            "bad_name",
            name=printable(name)[:200],
        )
        if not name or len(name) > 1000 or has_control_characters(name):
            raise bad
        if "\\" in name or name.startswith("/") or re.match(r"[A-Za-z]:", name):
            raise bad
        segments = name.rstrip("/").split("/")
        if any(s in ("", ".", "..") or len(s) > MAX_NAME_CHARS for s in segments):
            raise bad


def _check_entry(info: zipfile.ZipInfo, limits: ZipLimits) -> None:
    _check_name(info)
    name = info.filename
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise _refuse(
            _("L'archive contient un lien symbolique (« %(name)s »), refusé."),
            "symlink",
            name=name,
        )
    if info.flag_bits & 0x1:
        raise _refuse(
            _("Le fichier « %(name)s » de l'archive est chiffré : archive refusée."),
            "encrypted",
            name=name,
        )
    if info.compress_type not in COMPRESSION_METHODS:
        raise _refuse(
            _("Le fichier « %(name)s » est compressé d'une façon non prise en charge."),
            "compression",
            name=name,
        )
    if info.file_size >= RATIO_FLOOR_BYTES and info.file_size > limits.max_ratio * max(
        info.compress_size, 1
    ):
        raise _refuse(
            ngettext(
                "Le fichier « %(name)s » se décompresse en un volume anormal "
                "(plus de %(ratio)s fois sa taille) : archive refusée.",
                "Le fichier « %(name)s » se décompresse en un volume anormal "
                "(plus de %(ratio)s fois sa taille) : archive refusée.",
                limits.max_ratio,
            ),
            "ratio",
            name=name,
            ratio=limits.max_ratio,
        )
    if info.file_size > limits.max_file:
        raise _refuse(
            _(
                "Le fichier « %(name)s » est trop lourd une fois décompressé "
                "(%(max)s Mo au plus)."
            ),
            "entry_too_big",
            name=name,
            max=max(1, limits.max_file // MEGABYTE),
        )


def _check_duplicates(names: Iterable[str]) -> None:
    """Names that differ only by case or Unicode form would overwrite each other
    on some file systems; a file may not also be a folder."""
    files: dict[str, str] = {}
    folders: set[str] = set()
    duplicate = _("L'archive contient deux fois le fichier « %(name)s ».")
    for name in names:
        folded = unicodedata.normalize("NFC", name.rstrip("/")).casefold()
        parts = folded.split("/")
        folders.update("/".join(parts[:i]) for i in range(1, len(parts)))
        if name.endswith("/"):
            folders.add(folded)
            continue
        if folded in files:
            raise _refuse(duplicate, "duplicate", name=name)
        files[folded] = name
    for folded in files.keys() & folders:
        raise _refuse(duplicate, "duplicate", name=files[folded])


def _too_many_entries(max_entries: int) -> ValidationError:
    return _refuse(
        _("L'archive contient trop de fichiers (%(max)s au plus)."),
        "too_many_entries",
        max=max_entries,
    )


def zip_open(upload: BinaryIO, *, max_entries: int) -> zipfile.ZipFile:
    """The archive, once its end record announces no more than max_entries;
    ValidationError `not_zip` or `too_many_entries` otherwise."""
    not_zip = _refuse(_("Ce fichier n'est pas une archive zip."), "not_zip")
    try:
        directory = _declared_directory(upload)
    except OSError as error:
        raise not_zip from error
    if directory is None:
        raise not_zip
    entries, directory_bytes = directory
    if entries > max_entries or directory_bytes > max_entries * (
        MAX_DIRECTORY_BYTES_PER_ENTRY
    ):
        raise _too_many_entries(max_entries)
    try:
        return zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise not_zip from error


def zip_entries_check(archive: zipfile.ZipFile, *, limits: ZipLimits) -> int:
    """Every entry, before anything is read; returns the declared total size."""
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise _too_many_entries(limits.max_entries)
    total = 0
    for info in infos:
        _check_entry(info, limits)
        total += info.file_size
    if total > limits.max_total:
        raise _refuse(
            _("L'archive est trop lourde une fois décompressée (%(max)s Mo au plus)."),
            "total_too_big",
            max=max(1, limits.max_total // MEGABYTE),
        )
    _check_duplicates(info.filename for info in infos)
    return total


class ExtractionBudget:
    """Counts the bytes really written, whatever the zip headers declared, and
    refuses a file or an archive past its limit."""

    def __init__(self, *, max_file: int, max_total: int):
        self.max_file = max_file
        self.max_total = max_total
        self.total = 0

    def copy(self, source: BinaryIO, destination: BinaryIO, *, name: str) -> int:
        """Copies one entry; returns its real size."""
        written = 0
        while chunk := source.read(CHUNK_BYTES):
            written += len(chunk)
            self.total += len(chunk)
            if written > self.max_file or self.total > self.max_total:
                raise ValidationError(
                    _(
                        "Le fichier « %(name)s » est plus lourd que ce que "
                        "l'archive annonce : archive refusée."
                    ),
                    code="size_lied",
                    params={"name": name},
                )
            destination.write(chunk)
        return written
