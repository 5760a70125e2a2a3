"""Fixtures of portable credentials: the W3C test vectors, a test-only context
loader, a throwaway issuer."""

from pathlib import Path

import pytest
from django.conf import settings

from certificates.credentials.contexts import ContextLoader
from tests.credentials.factories import Issuer

VECTORS = "shared/fixtures/w3c-vc-di-eddsa"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"


@pytest.fixture(scope="session")
def w3c_vectors() -> Path:
    """The vc-di-eddsa test vectors in ../shared/fixtures beside the project (never
    copied into it); a git worktree one folder deeper finds them a level up."""
    root = Path(settings.BASE_DIR)
    for parent in root.parents:
        folder = parent / VECTORS
        if (folder / "eddsa-rdfc-2022").is_dir():
            return folder
    pytest.skip(f"W3C vc-di-eddsa test vectors not found in {root.parent / VECTORS}")


@pytest.fixture(scope="session")
def examples_loader() -> ContextLoader:
    """The production contexts plus the W3C examples context, for tests only."""
    return ContextLoader(
        root=Path(settings.NODE_MODULES),
        documents={
            EXAMPLES_V2: {
                "@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}
            }
        },
    )


@pytest.fixture
def issuer() -> Issuer:
    """An issuer with one fresh active key, "key-1"."""
    issuer = Issuer()
    issuer.add_key("key-1")
    return issuer
