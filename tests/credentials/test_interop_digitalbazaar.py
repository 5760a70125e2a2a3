"""Interoperability with Digital Bazaar's verifier and signer (the libraries most
wallets and verifiers use), run in Node on throwaway keys, with no network."""

import copy
from datetime import UTC, datetime

import pytest
from pyld import jsonld

from certificates.credentials.did import did_document_key_lookup
from certificates.credentials.keys import (
    public_multikey_encode,
    secret_multikey_encode,
)
from certificates.credentials.open_badges import open_badge_build
from certificates.credentials.proofs import credential_sign, credential_verify
from certificates.credentials.status_list import status_list_credential_build
from tests.credentials.factories import CREATED, STATUS_LIST_URL, credential_data

# Names as people write them: the text a canonical form must escape alike.
HOLDER = 'Fatima "Fafa" El-Amrani\tفاطمة العمراني'
TITLE = "Envoyer un e-mail\net répondre \\ sans stress"


@pytest.fixture
def sign(issuer):
    def sign(document):
        return credential_sign(
            document,
            key=issuer.keys["key-1"][0],
            verification_method=issuer.method("key-1"),
            created=CREATED,
        )

    return sign


@pytest.fixture
def open_badge(sign):
    data = credential_data(holder_name=HOLDER, email="", course_title=TITLE)
    return sign(open_badge_build(data=data))


def _status_list(sign, issuer, revoked=()):
    return sign(
        status_list_credential_build(
            list_url=STATUS_LIST_URL,
            issuer=issuer.did,
            set_indexes=revoked,
            valid_from=datetime(2025, 3, 10, tzinfo=UTC),
        )
    )


def _verify_in_node(digitalbazaar, credential, issuer, status_list):
    return digitalbazaar(
        {
            "mode": "verify",
            "credential": credential,
            "didDocuments": [issuer.did_document()],
            "statusLists": {STATUS_LIST_URL: status_list},
            # Inside the credential's validity whatever year the tests run.
            "now": "2025-06-01T12:00:00Z",
        }
    )


def _sign_in_node(digitalbazaar, credential, issuer):
    """The credential signed by Digital Bazaar with the issuer's "key-1"."""
    key = issuer.keys["key-1"][0]
    answer = digitalbazaar(
        {
            "mode": "sign",
            "credential": credential,
            "created": "2025-03-10T09:30:12Z",
            "key": {
                "id": issuer.method("key-1"),
                "controller": issuer.did,
                "publicKeyMultibase": public_multikey_encode(key.public_key()),
                "secretKeyMultibase": secret_multikey_encode(key),
            },
            "didDocuments": [issuer.did_document()],
        }
    )
    return answer["credential"]


def test_interop_our_open_badge_verifies_in_digitalbazaar(
    digitalbazaar, open_badge, issuer, sign
):
    """(a) An Open Badge we build and sign is valid for @digitalbazaar/vc, and
    its status list says it is not revoked."""
    answer = _verify_in_node(
        digitalbazaar, open_badge, issuer, _status_list(sign, issuer)
    )
    assert answer == {
        "verified": True,
        "errors": [],
        "status": [{"purpose": "revocation", "set": False}],
    }


@pytest.mark.parametrize(
    "path",
    [
        ("credentialSubject", "achievement", "name"),
        ("credentialSubject", "identifier", 0, "identityHash"),
        ("validUntil",),
    ],
)
def test_interop_changed_field_is_rejected_by_digitalbazaar(
    digitalbazaar, open_badge, issuer, sign, path
):
    """(b) The same credential with one field changed is rejected."""
    tampered = copy.deepcopy(open_badge)
    target = tampered
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = "2099-12-31T23:59:59Z" if path == ("validUntil",) else "x"
    answer = _verify_in_node(
        digitalbazaar, tampered, issuer, _status_list(sign, issuer)
    )
    assert answer["verified"] is False
    assert "Invalid signature." in answer["errors"]


def test_interop_credential_signed_by_digitalbazaar_verifies_with_us(
    digitalbazaar, issuer
):
    """(c) Digital Bazaar's signer and our verifier agree, both ways round."""
    key = issuer.keys["key-1"][0]
    unsigned = open_badge_build(data=credential_data(holder_name=HOLDER))
    signed = _sign_in_node(digitalbazaar, unsigned, issuer)
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    lookup = did_document_key_lookup(issuer.did_document())
    assert credential_verify(signed, public_key_lookup=lookup).verified
    # Deterministic signatures: their proof is the one we would have made.
    ours = credential_sign(
        unsigned,
        key=key,
        verification_method=issuer.method("key-1"),
        created=datetime(2025, 3, 10, 9, 30, 12, tzinfo=UTC),
    )
    assert ours["proof"]["proofValue"] == signed["proof"]["proofValue"]
    tampered = copy.deepcopy(signed)
    tampered["name"] = "Programmer en Python"
    result = credential_verify(tampered, public_key_lookup=lookup)
    assert [error.code for error in result.errors] == ["signature_invalid"]


def test_interop_our_status_list_verifies_and_reports_revocation(
    digitalbazaar, open_badge, issuer, sign
):
    """(d) Our status list credential verifies in Digital Bazaar's library, which
    reads our bitstring: the credential's bit, once set, says "revoked"."""
    index = int(open_badge["credentialStatus"]["statusListIndex"])
    status_list = _status_list(sign, issuer, revoked=[index])
    alone = digitalbazaar(
        {
            "mode": "verify",
            "credential": status_list,
            "didDocuments": [issuer.did_document()],
        }
    )
    assert alone == {"verified": True, "errors": [], "status": None}
    answer = _verify_in_node(digitalbazaar, open_badge, issuer, status_list)
    assert answer["status"] == [{"purpose": "revocation", "set": True}]


def test_interop_tampered_status_list_is_rejected(
    digitalbazaar, open_badge, issuer, sign
):
    """Un-revoking a credential by editing the published list breaks its
    signature, and Digital Bazaar then refuses the status check."""
    index = int(open_badge["credentialStatus"]["statusListIndex"])
    status_list = _status_list(sign, issuer, revoked=[index])
    forged = copy.deepcopy(status_list)
    forged["credentialSubject"]["encodedList"] = _status_list(sign, issuer)[
        "credentialSubject"
    ]["encodedList"]
    answer = _verify_in_node(digitalbazaar, open_badge, issuer, forged)
    assert answer["verified"] is False


def test_interop_control_character_is_refused_not_misjudged(digitalbazaar, issuer):
    """pyld 3.3 writes a form feed raw where RDFC-1.0 (and Digital Bazaar) write
    \\f, so our canonical form of such a text would differ: we refuse the text by
    name rather than call a genuine credential "modified"."""
    unsigned = open_badge_build(data=credential_data())
    unsigned["name"] = "Envoyer\x0cun e-mail"
    signed = _sign_in_node(digitalbazaar, unsigned, issuer)
    result = credential_verify(
        signed, public_key_lookup=did_document_key_lookup(issuer.did_document())
    )
    assert [(error.name, error.code) for error in result.errors] == [
        ("context", "text_control_character")
    ]
    raw = jsonld.normalize(
        {"@context": {"name": "https://schema.org/name"}, "name": "a\x0cb"},
        {"algorithm": "URDNA2015", "format": "application/n-quads"},
    )
    assert "a\x0cb" in raw, "pyld now escapes U+000C: the refusal may be lifted"
