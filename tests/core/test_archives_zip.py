"""core.archives: the zip checks shared by H5P packages and course archives."""

import io
import stat
import zipfile

import pytest
from django.core.exceptions import ValidationError

from core.archives import ExtractionBudget, ZipLimits, zip_entries_check, zip_open
from tests.core.zips import declaring_entries

LIMITS = ZipLimits(max_entries=10, max_file=1000, max_total=1500, max_ratio=100)


def _zip(files: dict[str, bytes], **info_changes) -> io.BytesIO:
    """A zip of the files; `info_changes` edit their central directory records
    once written (zipfile resets flags while writing)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
        for info in archive.infolist():
            for key, value in info_changes.get(info.filename, {}).items():
                setattr(info, key, value)
    buffer.seek(0)
    return buffer


def _refusal(files: dict[str, bytes], **info_changes) -> ValidationError:
    with (
        pytest.raises(ValidationError) as error,
        zip_open(_zip(files, **info_changes), max_entries=10) as archive,
    ):
        zip_entries_check(archive, limits=LIMITS)
    return error.value


def test_archives_zip_good_archive_returns_declared_total():
    with zip_open(_zip({"a.txt": b"x" * 10, "b/c.txt": b"y"}), max_entries=10) as z:
        assert zip_entries_check(z, limits=LIMITS) == 11


def test_archives_zip_not_a_zip():
    with pytest.raises(ValidationError) as error:
        zip_open(io.BytesIO(b"not a zip at all"), max_entries=10)
    assert error.value.code == "not_zip"
    assert error.value.messages == ["Ce fichier n'est pas une archive zip."]


def test_archives_zip_entry_count_read_from_the_end_record_first():
    """100,000 declared entries are refused before zipfile parses a directory."""
    with pytest.raises(ValidationError) as error:
        zip_open(io.BytesIO(declaring_entries(100_000)), max_entries=10)
    assert error.value.messages == ["L'archive contient trop de fichiers (10 au plus)."]


@pytest.mark.parametrize(
    "name", ["../x", "a/../../x", "/etc/passwd", "a\\..\\x", "C:x", "a//b", "a\u202eb"]
)
def test_archives_zip_bad_names(name):
    error = _refusal({name: b"x"})
    assert error.code == "bad_name"


def test_archives_zip_symlink_encrypted_and_method():
    link = {"external_attr": (stat.S_IFLNK | 0o777) << 16, "create_system": 3}
    assert _refusal({"l": b"/etc/passwd"}, l=link).code == "symlink"
    assert _refusal({"e": b"x"}, e={"flag_bits": 0x1}).code == "encrypted"


def test_archives_zip_sizes_and_ratio():
    assert _refusal({"big": b"x" * 1001}).code == "entry_too_big"
    assert _refusal({"a": b"1" * 800, "b": b"2" * 800}).code == "total_too_big"
    bomb = ZipLimits(max_entries=10, max_file=10**9, max_total=10**9, max_ratio=100)
    with (
        zip_open(_zip({"zeros": bytes(2 * 1024 * 1024)}), max_entries=10) as z,
        pytest.raises(ValidationError) as error,
    ):
        zip_entries_check(z, limits=bomb)
    assert error.value.code == "ratio"


def test_archives_zip_names_differing_by_case_or_file_and_folder():
    assert _refusal({"Photo.png": b"x", "photo.PNG": b"y"}).code == "duplicate"
    assert _refusal({"a": b"x", "A/b": b"y"}).code == "duplicate"


def test_archives_zip_extraction_budget_counts_real_bytes():
    budget = ExtractionBudget(max_file=10, max_total=15)
    out = io.BytesIO()
    assert budget.copy(io.BytesIO(b"x" * 8), out, name="a") == 8
    with pytest.raises(ValidationError) as error:
        budget.copy(io.BytesIO(b"y" * 8), out, name="b")
    assert error.value.code == "size_lied"
    assert "« b »" in error.value.messages[0]
