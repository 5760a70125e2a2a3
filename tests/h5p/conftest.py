"""H5P tests: a fresh media folder and a watched temporary folder per test."""

import tempfile
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Storage under the test's own folder, so leftovers can be counted."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture(autouse=True)
def temp_root(monkeypatch, tmp_path) -> Path:
    """tempfile's folder for this test: extraction must leave nothing in it."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def files_under(root: Path) -> list[str]:
    """Every file (not folder) under root, relative, sorted."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
