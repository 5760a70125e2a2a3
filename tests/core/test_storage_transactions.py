"""Files stored inside a transaction that rolls back go; committed ones stay."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.storage_transactions import atomic_with_files, file_written
from members.models import User
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


class Refused(Exception):
    pass


def _store(name: str) -> str:
    saved = default_storage.save(name, ContentFile(b"x"))
    file_written(saved)
    return saved


def test_storage_transactions_rollback_deletes_file_and_row():
    with pytest.raises(Refused), atomic_with_files():
        LearnerFactory(username="gone")
        name = _store("t/a.txt")
        raise Refused
    assert not default_storage.exists(name)
    assert not User.objects.filter(username="gone").exists()


def test_storage_transactions_commit_keeps_the_file():
    with atomic_with_files():
        name = _store("t/kept.txt")
    assert default_storage.exists(name)


def test_storage_transactions_inner_block_done_outer_fails():
    """A nested block that finished is undone with the block that fails after."""
    with pytest.raises(Refused), atomic_with_files():
        with atomic_with_files():
            name = _store("t/inner.txt")
        assert default_storage.exists(name)
        raise Refused
    assert not default_storage.exists(name)


def test_storage_transactions_inner_failure_caught_outer_commits():
    """A savepoint that rolls back takes its files; the outer block's stay."""
    with atomic_with_files():
        kept = _store("t/outer.txt")
        with pytest.raises(Refused), atomic_with_files():
            gone = _store("t/savepoint.txt")
            raise Refused
    assert default_storage.exists(kept)
    assert not default_storage.exists(gone)


def test_storage_transactions_outside_a_block_nothing_to_undo():
    name = _store("t/alone.txt")
    assert default_storage.exists(name)
