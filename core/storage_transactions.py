"""Files stored inside a transaction that rolls back are deleted, not orphaned."""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import Storage, default_storage
from django.db import transaction

logger = logging.getLogger(__name__)
_local = threading.local()  # one connection per thread, so one stack per thread


def _scopes() -> list[list[tuple[Storage, str]]]:
    if not hasattr(_local, "scopes"):
        _local.scopes = []
    return _local.scopes


@contextmanager
def atomic_with_files(using: str | None = None) -> Iterator[None]:
    """transaction.atomic() that also undoes storage: the names passed to
    file_written() inside are deleted if the block raises (its commit included).
    Nested in another such block, they join it, which may still fail. Django has
    no on_rollback hook, so the block must hold the transaction's end: a service
    that owns its transaction opens this instead of transaction.atomic (also as
    a decorator: @atomic_with_files())."""
    written: list[tuple[Storage, str]] = []
    scopes = _scopes()
    scopes.append(written)
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        scopes.pop()
        _delete(written)
        raise
    scopes.pop()
    if scopes:
        scopes[-1].extend(written)


def file_written(name: str, storage: Storage | None = None) -> None:
    """Notes a file just stored: deleted if the enclosing atomic_with_files block
    rolls back. Outside one, nothing to undo: the file stays."""
    scopes = _scopes()
    if name and scopes:
        scopes[-1].append((storage or default_storage, name))


def _delete(written: list[tuple[Storage, str]]) -> None:
    for storage, name in written:
        try:
            storage.delete(name)
        except Exception:  # one stuck file must not keep the others
            logger.exception("could not remove %s after a rollback", name)
