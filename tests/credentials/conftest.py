"""Fixtures of portable credentials: the W3C test vectors, a test-only context
loader, a throwaway issuer, and Digital Bazaar's verifier run in Node."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from certificates.credentials.contexts import ContextLoader
from tests.credentials.factories import Issuer

VECTORS = "shared/fixtures/w3c-vc-di-eddsa"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
NODE_SCRIPT = Path(__file__).parent / "node" / "digitalbazaar.mjs"
NODE_PACKAGES = (
    "@digitalbazaar/vc",
    "@digitalbazaar/data-integrity",
    "@digitalbazaar/eddsa-rdfc-2022-cryptosuite",
    "@digitalbazaar/ed25519-multikey",
    "@digitalbazaar/vc-bitstring-status-list",
)


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


@pytest.fixture
def digitalbazaar(tmp_path):
    """Runs tests/credentials/node/digitalbazaar.mjs on a JSON input; its answer."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: install Node.js 20 (see the README)")
    missing = [
        name
        for name in NODE_PACKAGES
        if not (Path(settings.NODE_MODULES) / name / "package.json").is_file()
    ]
    if missing:
        pytest.fail(
            f"node_modules lacks {', '.join(missing)}: run npm ci --ignore-scripts"
        )

    def run(payload: dict) -> dict:
        source = tmp_path / "input.json"
        source.write_text(json.dumps(payload), encoding="utf-8")
        done = subprocess.run(  # noqa: S603 (our script, our input)
            [node, str(NODE_SCRIPT), str(source)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=settings.BASE_DIR,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(f"the Node script failed:\n{done.stderr}")
        return json.loads(done.stdout)

    return run
