"""Sharing tests: media under the test's own folder; a rich course, its archive,
and a temporary folder that an import must leave empty."""

from pathlib import Path

import pytest

from tests.sharing import archives as a
from tests.sharing.factories import h5p_libraries_install, rich_course


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Storage under the test's own folder, so copies can be told apart."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def files_under(root: Path) -> list[str]:
    """Every file (not folder) under root, relative, sorted."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def course():
    h5p_libraries_install()
    return rich_course()


@pytest.fixture
def exported(course) -> bytes:
    return a.archive_bytes(course)


@pytest.fixture
def temp_root(monkeypatch, tmp_path):
    """tempfile's folder for this test: an import must leave nothing in it."""
    import tempfile

    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root
