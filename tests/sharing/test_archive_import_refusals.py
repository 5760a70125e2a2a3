"""Course archive imports refused (names, bombs, versions, files, sizes, hostile
H5P), each leaving nothing behind in the database, the storage or the temp folder."""

import io
import json
import secrets
import zipfile

import pytest

from h5p.models import Library
from sharing.archive import course_archive_import
from tests.core.zips import declaring_entries
from tests.factories import StaffFactory
from tests.h5p import packages
from tests.sharing import archives as a
from tests.sharing.factories import png, trainer_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../evil.txt", "../evil.txt"),
        ("files/../../evil.txt", "files/../../evil.txt"),
        ("/etc/passwd", "/etc/passwd"),
        ("files\\..\\evil.txt", "files\\..\\evil.txt"),
        ("files/evil\u202egnp.txt", "\\u202e"),
    ],
)
def test_archive_import_bad_entry_names_refused(
    exported, media_root, temp_root, name, shown
):
    error = a.refused_leaving_nothing(
        a.rezip(exported, {name: b"x"}), media_root, temp_root
    )
    assert error.code == "bad_name"
    assert shown in error.messages[0]


def test_archive_import_zip_bomb_refused(exported, media_root, temp_root):
    """200 MB of zeros in a few hundred kB: refused by its ratio, unread."""
    buffer = io.BytesIO(exported)
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("files/zeros.txt", "w", force_zip64=True) as entry,
    ):
        for _ in range(200):
            entry.write(bytes(1024 * 1024))
    error = a.refused_leaving_nothing(buffer.getvalue(), media_root, temp_root)
    assert error.code == "ratio"
    assert "files/zeros.txt" in error.messages[0]


def test_archive_import_100000_entries_refused(media_root, temp_root):
    error = a.refused_leaving_nothing(declaring_entries(100_000), media_root, temp_root)
    assert error.code == "too_many_entries"
    assert "10000 au plus" in error.messages[0]


def test_archive_import_not_a_zip_refused(media_root, temp_root):
    error = a.refused_leaving_nothing(b"%PDF-1.7 not a zip", media_root, temp_root)
    assert error.messages == ["Ce fichier n'est pas une archive zip."]


def test_archive_import_unknown_field_refused_with_its_path(
    exported, media_root, temp_root
):
    data = a.document(exported)
    data["course"]["owner"] = "admin"
    error = a.refused_leaving_nothing(
        a.with_document(exported, data), media_root, temp_root
    )
    assert error.messages == ["course.owner : champ inconnu, refusé."]


def test_archive_import_newer_version_refused(exported, media_root, temp_root):
    data = a.document(exported)
    data["version"] = 2
    error = a.refused_leaving_nothing(
        a.with_document(exported, data), media_root, temp_root
    )
    assert "version plus récente de la plateforme" in error.messages[0]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            b'{"format": "sirius-course", "format": "x"}',
            "« format » apparaît deux fois",
        ),
        (b'{"version": NaN}', "n'est pas du JSON valide"),
        (b"[" * 100_000 + b"]" * 100_000, "n'est pas du JSON valide"),
        (b"\xff\xfe not utf-8", "n'est pas du JSON valide"),
    ],
)
def test_archive_import_strict_json(exported, media_root, temp_root, text, fragment):
    """Duplicate keys, NaN, a nesting too deep, bad encoding: refused, no crash."""
    error = a.refused_leaving_nothing(
        a.rezip(exported, {"course.json": text}), media_root, temp_root
    )
    assert fragment in error.messages[0]


def test_archive_import_missing_and_extra_files_all_named(
    exported, media_root, temp_root
):
    """Every missing file and every file nobody uses is named, in one refusal."""
    error = a.refused_leaving_nothing(
        a.rezip(
            exported,
            {"files/audio/1.mp3": None, "h5p/1.h5p": None, "files/notes.txt": b"x"},
        ),
        media_root,
        temp_root,
    )
    assert error.messages == [
        "L'archive contient un fichier que le module n'utilise pas : "
        "« files/notes.txt ».",
        "Le fichier « files/audio/1.mp3 » manque dans l'archive.",
        "Le fichier « h5p/1.h5p » manque dans l'archive.",
    ]


def test_archive_import_files_checked_by_content(exported, media_root, temp_root):
    """An image that is not one, a recording that is a script: both named."""
    error = a.refused_leaving_nothing(
        a.rezip(
            exported,
            {
                "files/images/1.png": b"<svg onload=alert(1)>",
                "files/audio/1.mp3": b"#!/bin/sh\nrm -rf /\n",
            },
        ),
        media_root,
        temp_root,
    )
    assert error.messages == [
        "files/audio/1.mp3 : Ce fichier n'est pas un son MP3, M4A ou OGG.",
        "files/images/1.png : Ce fichier n'est pas une image PNG, JPEG ou WebP.",
    ]


def test_archive_import_image_over_upload_limit_refused(
    exported, media_root, temp_root, settings
):
    """The same size limits as an upload."""
    settings.LESSON_IMAGE_MAX_BYTES = 50
    big = png().read()
    assert len(big) > 50
    error = a.refused_leaving_nothing(
        a.rezip(exported, {"files/images/1.png": big}), media_root, temp_root
    )
    assert (
        "files/images/1.png : Ce fichier est trop lourd (1 Mo au plus)."
        in error.messages
    )


def test_archive_import_hostile_h5p_package_refused(exported, media_root, temp_root):
    """An H5P package is checked as an upload: a `.php` file in content/ is named."""
    package = packages.build({**packages.good_files(), "content/shell.php": b"<?php"})
    error = a.refused_leaving_nothing(
        a.rezip(exported, {"h5p/1.h5p": package}), media_root, temp_root
    )
    assert error.messages == [
        "h5p/1.h5p : Le paquet contient un type de fichier non admis : "
        "« content/shell.php »."
    ]


def test_archive_import_failure_while_building_removes_stored_files(
    exported, media_root, temp_root, monkeypatch
):
    """A fault after the H5P activity and the media are stored (here, the last
    insert) removes them all: no row, no file."""
    from sharing.document import build

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(build, "_modules_rows", broken)
    counts, files = a.counts(), a.files_count(media_root)
    with pytest.raises(RuntimeError):
        course_archive_import(upload=a.upload(exported), user=trainer_of())
    assert a.counts() == counts
    assert a.files_count(media_root) == files
    assert list(temp_root.iterdir()) == []


def test_archive_import_staff_new_libraries_removed_on_failure(
    exported, media_root, temp_root, monkeypatch
):
    """Libraries an administrator's import installed are removed with the rest
    when the import fails."""
    from sharing.document import build

    a.instance_empty(media_root)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(build, "_modules_rows", broken)
    with pytest.raises(RuntimeError):
        course_archive_import(upload=a.upload(exported), user=StaffFactory())
    assert Library.objects.count() == 0
    assert a.files_count(media_root) == 0


def test_archive_import_upload_over_limit_refused(exported, settings):
    settings.COURSE_ARCHIVE_MAX_BYTES = len(exported) - 1
    error = a.refusal(exported)
    assert error.code == "file_too_big"


def test_archive_import_sizes_lied_refused(exported, media_root, temp_root):
    """An entry holding more than its central directory declares is refused as
    damaged when copied (zipfile reads no more than declared, the CRC fails)."""
    files = a.entries(exported)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        for info in archive.infolist():
            if info.filename == "files/audio/1.mp3":
                info.file_size = 10
    error = a.refused_leaving_nothing(buffer.getvalue(), media_root, temp_root)
    assert error.messages == [
        "Le fichier « files/audio/1.mp3 » de l'archive est abîmé."
    ]


def test_archive_import_document_not_json_object(exported, media_root, temp_root):
    error = a.refused_leaving_nothing(
        a.rezip(exported, {"course.json": json.dumps([1, 2]).encode()}),
        media_root,
        temp_root,
    )
    assert error.messages == ["Ce fichier n'est pas un module de la plateforme."]


def test_archive_import_address_taken_meanwhile_asks_to_send_again(
    course, exported, media_root, temp_root, monkeypatch
):
    """Two imports racing for one address: the loser is told to send the archive
    again, and leaves nothing (its H5P activity's files included)."""
    from sharing.document import build

    monkeypatch.setattr(build, "_free_slug", lambda title: course.slug)
    error = a.refused_leaving_nothing(exported, media_root, temp_root)
    assert error.messages == [
        "Un autre module vient d'être créé au même moment. Envoyez l'archive à nouveau."
    ]


def test_archive_import_document_over_its_limit_refused_unread(
    exported, media_root, temp_root, monkeypatch
):
    """course.json past its limit is refused from its declared size."""
    from sharing import archive

    monkeypatch.setattr(archive, "DOCUMENT_MAX_BYTES", 1024 * 1024)
    padded = a.document(exported)
    # Random text: it does not compress enough to look like a bomb.
    padded["course"]["description_markdown"] = secrets.token_hex(600_000)
    error = a.refused_leaving_nothing(
        a.with_document(exported, padded), media_root, temp_root
    )
    assert error.messages == ["course.json est trop lourd (1 Mo au plus)."]
