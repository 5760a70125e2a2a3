"""did:web: the site's DID and its document, with key rotation and withdrawal."""

import pytest

from certificates.credentials.contexts import context_loader
from certificates.credentials.did import (
    KeyState,
    did_document_key_lookup,
    did_web_from_url,
    site_did,
)
from certificates.credentials.keys import public_multikey_encode
from certificates.credentials.linked_data import document_expand
from certificates.credentials.open_badges import open_badge_build
from certificates.credentials.proofs import credential_sign, credential_verify
from tests.credentials.factories import CREATED, Issuer, credential_data


@pytest.mark.parametrize(
    ("site_url", "did"),
    [
        ("https://hub.example.org", "did:web:hub.example.org"),
        ("https://Hub.Example.org/", "did:web:hub.example.org"),
        ("https://hub.example.org:8443", "did:web:hub.example.org%3A8443"),
        ("https://example.org/sirius/hub", "did:web:example.org:sirius:hub"),
        ("https://bücher.example", "did:web:xn--bcher-kva.example"),
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000"),
    ],
)
def test_did_web_from_site_url(site_url, did):
    """Host lower-cased (IDNA), port as %3A, path segments after colons."""
    assert did_web_from_url(site_url) == did


def test_did_site_did_follows_site_url(settings):
    """The platform's DID is the did:web of SITE_URL."""
    settings.SITE_URL = "https://sirius.example.be"
    assert site_did() == "did:web:sirius.example.be"


def test_did_document_lists_keys_newest_first_without_compromised():
    """Retired keys stay (old credentials verify), compromised ones are gone."""
    issuer = Issuer()
    issuer.add_key("key-2023", KeyState.RETIRED)
    issuer.add_key("key-2024", KeyState.COMPROMISED)
    issuer.add_key("key-2025", KeyState.ACTIVE)
    document = issuer.did_document()
    assert document["@context"] == [
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
    ]
    assert document["id"] == "did:web:hub.example.org"
    ids = [method["id"] for method in document["verificationMethod"]]
    assert ids == [issuer.method("key-2025"), issuer.method("key-2023")]
    assert document["assertionMethod"] == ids
    newest = document["verificationMethod"][0]
    assert newest == {
        "id": issuer.method("key-2025"),
        "type": "Multikey",
        "controller": issuer.did,
        "publicKeyMultibase": public_multikey_encode(
            issuer.keys["key-2025"][0].public_key()
        ),
    }


def test_did_document_expands_against_did_and_multikey_contexts(issuer):
    """Every term of the DID document is defined by its npm contexts."""
    assert document_expand(issuer.did_document(), loader=context_loader())


def _signed_with(issuer: Issuer, fragment: str) -> dict:
    return credential_sign(
        open_badge_build(data=credential_data()),
        key=issuer.keys[fragment][0],
        verification_method=issuer.method(fragment),
        created=CREATED,
    )


def test_did_rotation_keeps_old_credentials_verifying():
    """After rotation a credential signed with the retired key still verifies."""
    issuer = Issuer()
    issuer.add_key("key-2024")
    old = _signed_with(issuer, "key-2024")
    issuer.keys["key-2024"] = (issuer.keys["key-2024"][0], KeyState.RETIRED)
    issuer.add_key("key-2025")
    lookup = did_document_key_lookup(issuer.did_document())
    assert credential_verify(old, public_key_lookup=lookup).verified
    assert credential_verify(
        _signed_with(issuer, "key-2025"), public_key_lookup=lookup
    ).verified


def test_did_compromised_key_no_longer_verifies_what_it_signed():
    """Withdrawing a stolen key makes everything signed with it fail "signature"."""
    issuer = Issuer()
    issuer.add_key("key-2024")
    stolen = _signed_with(issuer, "key-2024")
    issuer.keys["key-2024"] = (issuer.keys["key-2024"][0], KeyState.COMPROMISED)
    issuer.add_key("key-2025")
    result = credential_verify(
        stolen, public_key_lookup=did_document_key_lookup(issuer.did_document())
    )
    assert [error.code for error in result.errors] == ["key_unknown"]


def test_did_lookup_ignores_keys_not_listed_for_assertions(issuer):
    """A key merely mentioned in verificationMethod cannot sign credentials."""
    document = issuer.did_document()
    document["assertionMethod"] = []
    assert did_document_key_lookup(document)(issuer.method("key-1")) is None
    assert did_document_key_lookup(issuer.did_document())(issuer.method("key-1"))


def test_did_lookup_ignores_keys_controlled_by_someone_else(issuer):
    """A method whose controller is another DID is not the issuer's key."""
    document = issuer.did_document()
    document["verificationMethod"][0]["controller"] = "did:web:impostor.example"
    assert did_document_key_lookup(document)(issuer.method("key-1")) is None
