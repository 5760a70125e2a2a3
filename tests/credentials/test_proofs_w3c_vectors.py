"""Acceptance: the W3C vc-di-eddsa test vectors for eddsa-rdfc-2022, stage by stage.

Each test checks one stage of signing `unsigned.json` with the vectors' key, so that a
failure names the stage that differs from the Recommendation's editors' output.
"""

import json
from datetime import UTC, datetime

import base58
import pytest

from certificates.credentials.keys import (
    VerificationKey,
    public_multikey_encode,
    secret_multikey_decode,
    secret_multikey_encode,
)
from certificates.credentials.linked_data import document_canonicalize
from certificates.credentials.proofs import (
    credential_sign,
    proof_configuration,
    proof_verify,
    signing_input,
)

CREATED = datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)


@pytest.fixture(scope="module")
def vectors(w3c_vectors):
    """The vectors' files, read as the Recommendation's editors wrote them."""
    stage = w3c_vectors / "eddsa-rdfc-2022"

    def text(name):
        return (stage / name).read_text(encoding="utf-8")

    return {
        "key_pair": json.loads((w3c_vectors / "keyPair.json").read_text()),
        "unsigned": json.loads((w3c_vectors / "unsigned.json").read_text()),
        "canon_document": text("canonDocDataInt.txt"),
        "document_hash": text("docHashDataInt.txt").strip(),
        "proof_config": json.loads(text("proofConfigDataInt.json")),
        "canon_proof": text("proofCanonDataInt.txt"),
        "proof_hash": text("proofHashDataInt.txt").strip(),
        "combined_hash": text("combinedHashDataInt.txt").strip(),
        "signature_hex": text("sigHexDataInt.txt").strip(),
        "signature_base58": text("sigBTC58DataInt.txt").strip(),
        "signed": json.loads(text("signedDataInt.json")),
    }


@pytest.fixture(scope="module")
def key(vectors):
    return secret_multikey_decode(vectors["key_pair"]["privateKeyMultibase"])


@pytest.fixture(scope="module")
def method(vectors):
    public = vectors["key_pair"]["publicKeyMultibase"]
    return f"did:key:{public}#{public}"


@pytest.fixture(scope="module")
def data(vectors, method, examples_loader):
    config = proof_configuration(
        document=vectors["unsigned"], verification_method=method, created=CREATED
    )
    return signing_input(
        document=vectors["unsigned"], proof_config=config, loader=examples_loader
    )


def test_w3c_key_pair_multikey_round_trip(vectors, key):
    """The secret Multikey decodes to the key whose public Multikey is given."""
    assert (
        public_multikey_encode(key.public_key())
        == (vectors["key_pair"]["publicKeyMultibase"])
    )
    assert secret_multikey_encode(key) == vectors["key_pair"]["privateKeyMultibase"]


def test_w3c_stage_canonical_document(vectors, examples_loader):
    """Stage 1: the document's RDFC-1.0 N-Quads."""
    nquads = document_canonicalize(vectors["unsigned"], loader=examples_loader)
    assert nquads == vectors["canon_document"]


def test_w3c_stage_document_hash(vectors, data):
    """Stage 2: SHA-256 of the canonical document."""
    assert data.document_hash.hex() == vectors["document_hash"]


def test_w3c_stage_proof_configuration(vectors, method):
    """Stage 3: the proof options, with the document's @context."""
    config = proof_configuration(
        document=vectors["unsigned"], verification_method=method, created=CREATED
    )
    assert config == vectors["proof_config"]


def test_w3c_stage_canonical_proof_configuration(vectors, data):
    """Stage 4: the proof options' RDFC-1.0 N-Quads."""
    assert data.canonical_proof == vectors["canon_proof"]


def test_w3c_stage_proof_hash(vectors, data):
    """Stage 5: SHA-256 of the canonical proof options."""
    assert data.proof_hash.hex() == vectors["proof_hash"]


def test_w3c_stage_combined_hash(vectors, data):
    """Stage 6: proofHash followed by docHash."""
    assert data.combined.hex() == vectors["combined_hash"]


def test_w3c_stage_signature_hex(vectors, data, key):
    """Stage 7: the Ed25519 signature of the combined hash."""
    assert key.sign(data.combined).hex() == vectors["signature_hex"]


def test_w3c_stage_signature_base58btc(vectors, data, key):
    """Stage 8: the signature as multibase base58btc."""
    encoded = "z" + base58.b58encode(key.sign(data.combined)).decode()
    assert encoded == vectors["signature_base58"]


def test_w3c_stage_signed_document(vectors, key, method, examples_loader):
    """Stage 9: the signed credential, byte for byte once parsed."""
    signed = credential_sign(
        vectors["unsigned"],
        key=key,
        verification_method=method,
        created=CREATED,
        loader=examples_loader,
    )
    assert signed == vectors["signed"]


def test_w3c_signed_document_verifies(vectors, key, method, examples_loader):
    """Our verifier accepts the editors' signed credential, every check passing."""
    controller = method.split("#")[0]

    def lookup(verification_method):
        if verification_method == method:
            return VerificationKey(public_key=key.public_key(), controller=controller)
        return None

    result = proof_verify(
        vectors["signed"], public_key_lookup=lookup, loader=examples_loader
    )
    assert [(check.name, check.passed) for check in result.checks] == [
        ("proof", True),
        ("cryptosuite", True),
        ("context", True),
        ("signature", True),
    ]
    assert result.controller == controller
