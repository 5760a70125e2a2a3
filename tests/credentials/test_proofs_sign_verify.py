"""Signing and verifying our credentials: each failure names the check that failed."""

import copy
from datetime import datetime

import pytest

from certificates.credentials.contexts import CREDENTIALS_V2
from certificates.credentials.did import did_document_key_lookup
from certificates.credentials.errors import CredentialError
from certificates.credentials.keys import key_generate
from certificates.credentials.open_badges import open_badge_build
from certificates.credentials.proofs import (
    credential_sign,
    credential_verify,
    proof_verify,
)
from tests.credentials.factories import CREATED, Issuer, credential_data


@pytest.fixture
def signed(issuer):
    return credential_sign(
        open_badge_build(data=credential_data()),
        key=issuer.keys["key-1"][0],
        verification_method=issuer.method("key-1"),
        created=CREATED,
    )


def _verify(document, issuer):
    return credential_verify(
        document, public_key_lookup=did_document_key_lookup(issuer.did_document())
    )


def _outcome(result) -> list[tuple[str, bool | None, str]]:
    return [(check.name, check.passed, check.code) for check in result.checks]


def test_proofs_signed_credential_verifies(signed, issuer):
    """A credential we sign passes every check, and says who signed it."""
    result = _verify(signed, issuer)
    assert result.verified
    assert [check.name for check in result.checks] == [
        "proof",
        "cryptosuite",
        "context",
        "signature",
        "issuer",
    ]
    assert result.controller == issuer.did


def test_proofs_sign_writes_the_standard_proof(signed, issuer):
    """The proof is an eddsa-rdfc-2022 DataIntegrityProof dated to the second."""
    proof = signed["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["created"] == "2025-03-10T09:30:12Z"
    assert proof["verificationMethod"] == issuer.method("key-1")
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["proofValue"].startswith("z")
    assert "@context" not in proof


def test_proofs_sign_is_deterministic(issuer):
    """Same document, key and date: same proof (Ed25519 needs no randomness)."""
    document = open_badge_build(data=credential_data())
    key = issuer.keys["key-1"][0]
    method = issuer.method("key-1")
    first = credential_sign(
        document, key=key, verification_method=method, created=CREATED
    )
    again = credential_sign(
        document, key=key, verification_method=method, created=CREATED
    )
    assert first == again


def test_proofs_changed_field_fails_signature(signed, issuer):
    """Changing the holder's course after signing is caught by the signature."""
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Programmer en Python"
    result = _verify(tampered, issuer)
    assert not result.verified
    assert _outcome(result)[3:] == [
        ("signature", False, "signature_invalid"),
        ("issuer", None, ""),
    ]
    assert "modifié" in result.errors[0].message


def test_proofs_added_undefined_field_fails_context(signed, issuer):
    """A field added after signing that no context defines cannot hide outside
    the signature: verification refuses it by name."""
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["grade"] = "A+"
    result = _verify(tampered, issuer)
    assert _outcome(result)[2] == ("context", False, "term_undefined")
    assert "grade" in result.errors[0].message


def test_proofs_missing_proof_is_reported_first(issuer):
    """An unsigned credential fails "proof"; later checks are not run."""
    result = _verify(open_badge_build(data=credential_data()), issuer)
    assert _outcome(result) == [
        ("proof", False, "proof_missing"),
        ("cryptosuite", None, ""),
        ("context", None, ""),
        ("signature", None, ""),
        ("issuer", None, ""),
    ]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"proofValue": "not-multibase"}, "proof_malformed"),
        ({"proofValue": "z3yMR"}, "proof_malformed"),
        ({"proofPurpose": "authentication"}, "proof_malformed"),
        ({"verificationMethod": None}, "proof_malformed"),
        ({"created": "yesterday"}, "proof_malformed"),
    ],
)
def test_proofs_malformed_proof_is_named(signed, issuer, change, code):
    """A proof with a missing or unreadable field fails the "proof" check."""
    tampered = copy.deepcopy(signed)
    tampered["proof"].update(change)
    assert _outcome(_verify(tampered, issuer))[0] == ("proof", False, code)


def test_proofs_other_cryptosuite_is_unsupported(signed, issuer):
    """An ECDSA or JCS proof is not ours to check: "cryptosuite" says so."""
    tampered = copy.deepcopy(signed)
    tampered["proof"]["cryptosuite"] = "ecdsa-rdfc-2019"
    result = _verify(tampered, issuer)
    assert _outcome(result)[1] == ("cryptosuite", False, "cryptosuite_unsupported")
    assert "ecdsa-rdfc-2019" in result.errors[0].message


def test_proofs_unknown_key_fails_signature(signed, issuer):
    """A key the issuer's DID document does not list cannot vouch for anything."""
    stranger = copy.deepcopy(signed)
    stranger["proof"]["verificationMethod"] = issuer.method("key-9")
    assert _outcome(_verify(stranger, issuer))[3] == (
        "signature",
        False,
        "key_unknown",
    )


def test_proofs_signed_by_someone_else_fails_issuer():
    """A valid signature by another DID than the issuer's fails "issuer"."""
    other = Issuer(did="did:web:impostor.example")
    other.add_key("key-1")
    credential = credential_sign(
        open_badge_build(data=credential_data()),
        key=other.keys["key-1"][0],
        verification_method=other.method("key-1"),
        created=CREATED,
    )
    result = _verify(credential, other)
    assert _outcome(result)[3:] == [
        ("signature", True, ""),
        ("issuer", False, "issuer_mismatch"),
    ]


def test_proofs_proof_verify_skips_issuer_check(signed, issuer):
    """The Data Integrity layer alone checks four things, not the issuer."""
    result = proof_verify(
        signed, public_key_lookup=did_document_key_lookup(issuer.did_document())
    )
    assert result.verified
    assert [check.name for check in result.checks][-1] == "signature"


def test_proofs_sign_refuses_signed_document(signed, issuer):
    """Signing twice would need proof chains, which we do not make."""
    with pytest.raises(CredentialError) as caught:
        credential_sign(
            signed,
            key=key_generate(),
            verification_method=issuer.method("key-1"),
            created=CREATED,
        )
    assert caught.value.code == "proof_present"


def test_proofs_sign_refuses_document_without_proof_context(issuer):
    """Without the VC 2.0 (or Data Integrity) context the proof's terms are
    undefined: refused before signing."""
    document = {"@context": {"name": "https://schema.org/name"}, "name": "x"}
    with pytest.raises(CredentialError) as caught:
        credential_sign(
            document,
            key=issuer.keys["key-1"][0],
            verification_method=issuer.method("key-1"),
            created=CREATED,
        )
    assert caught.value.code == "context_missing_proof"
    assert CREDENTIALS_V2 in caught.value.message


def test_proofs_sign_needs_an_aware_date(issuer):
    """A naive `created` would be ambiguous: a programming error."""
    with pytest.raises(ValueError, match="aware"):
        credential_sign(
            open_badge_build(data=credential_data()),
            key=issuer.keys["key-1"][0],
            verification_method=issuer.method("key-1"),
            created=datetime(2025, 3, 10, 9, 30),  # noqa: DTZ001 (the point)
        )
