"""Bitstring Status List: the encoding of the W3C Recommendation, random indexes."""

import base64
import gzip
from datetime import UTC, datetime

import pytest

from certificates.credentials.contexts import context_loader
from certificates.credentials.did import did_document_key_lookup
from certificates.credentials.errors import CredentialError
from certificates.credentials.linked_data import document_expand
from certificates.credentials.proofs import credential_sign, credential_verify
from certificates.credentials.status_list import (
    MIN_LENGTH,
    status_entry_build,
    status_index_allocate,
    status_list_credential_build,
    status_list_decode,
    status_list_encode,
)
from tests.credentials.factories import CREATED, STATUS_LIST_URL


def _bits(encoded: str) -> bytes:
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_status_list_encoding_is_gzip_base64url_with_u_prefix():
    """16 KB of bits, GZIP, base64url without padding, multibase "u"."""
    encoded = status_list_encode(set_indexes=[])
    assert encoded.startswith("u")
    assert "=" not in encoded and "+" not in encoded and "/" not in encoded
    assert _bits(encoded) == bytes(MIN_LENGTH // 8)
    assert len(_bits(encoded)) == 16 * 1024


def test_status_list_index_zero_is_the_left_most_bit():
    """Bit 0 is the first byte's most significant bit; bit 9 the second byte's
    second; the last index the last byte's least significant bit."""
    bits = _bits(status_list_encode(set_indexes=[0, 9, MIN_LENGTH - 1]))
    assert bits[0] == 0b1000_0000
    assert bits[1] == 0b0100_0000
    assert bits[-1] == 0b0000_0001
    assert sum(bits) == 0b1000_0000 + 0b0100_0000 + 1


def test_status_list_round_trip():
    """What is encoded decodes to the same set bits and length."""
    revoked = {0, 7, 8, 94567, MIN_LENGTH - 1}
    decoded = status_list_decode(status_list_encode(set_indexes=revoked))
    assert decoded.length == MIN_LENGTH
    assert decoded.set_indexes == revoked
    assert 94567 in decoded and 94568 not in decoded


def test_status_list_encoding_is_deterministic():
    """No timestamp in the GZIP header: the same bits give the same text."""
    assert status_list_encode(set_indexes=[5]) == status_list_encode(set_indexes=[5])


def test_status_list_shorter_than_16kb_is_refused_both_ways():
    """The Recommendation's minimum protects holders' privacy: enforced."""
    with pytest.raises(ValueError):
        status_list_encode(set_indexes=[], length=MIN_LENGTH - 8)
    short = gzip.compress(bytes(1024), mtime=0)
    encoded = "u" + base64.urlsafe_b64encode(short).rstrip(b"=").decode()
    with pytest.raises(CredentialError) as caught:
        status_list_decode(encoded)
    assert caught.value.code == "status_list_short"


def test_status_list_index_outside_list_is_refused():
    with pytest.raises(ValueError, match="outside"):
        status_list_encode(set_indexes=[MIN_LENGTH])


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "H4sIAAAAAAAAA",  # no multibase prefix
        "zH4sIAAAAAAAAA",  # base58btc, not base64url
        "uH4sI+AAA/AAAA",  # standard base64, not base64url
        "u" + base64.urlsafe_b64encode(b"not gzip at all").decode().rstrip("="),
    ],
)
def test_status_list_unreadable_is_refused(encoded):
    """Anything that is not "u" + base64url(GZIP(...)) is a clear error."""
    with pytest.raises(CredentialError) as caught:
        status_list_decode(encoded)
    assert caught.value.code == "status_list_invalid"


def test_status_list_decompression_bomb_is_refused():
    """A list that inflates past 16 MB is refused without inflating it all."""
    bomb = gzip.compress(bytes(64 * 1024 * 1024), mtime=0)  # 64 KB compressed
    encoded = "u" + base64.urlsafe_b64encode(bomb).rstrip(b"=").decode()
    with pytest.raises(CredentialError) as caught:
        status_list_decode(encoded)
    assert caught.value.code == "status_list_invalid"


def test_status_index_allocate_never_reuses_an_index():
    """Indexes are drawn at random among the free ones."""
    used: set[int] = set()
    for _ in range(500):
        index = status_index_allocate(used=used)
        assert 0 <= index < MIN_LENGTH
        assert index not in used
        used.add(index)
    # Random, not sequential: 500 draws are spread over the list.
    assert max(used) - min(used) > MIN_LENGTH // 2


def test_status_index_allocate_finds_the_last_free_index():
    """On a nearly full list the only free index is found."""
    used = set(range(MIN_LENGTH)) - {12345}
    assert status_index_allocate(used=used) == 12345


def test_status_index_allocate_full_list_is_a_clear_error():
    with pytest.raises(CredentialError) as caught:
        status_index_allocate(used=range(MIN_LENGTH))
    assert caught.value.code == "status_list_full"


def test_status_entry_points_at_its_bit():
    """A credential's entry names the list and its index, as text."""
    assert status_entry_build(list_url=STATUS_LIST_URL, index=94567) == {
        "id": f"{STATUS_LIST_URL}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": STATUS_LIST_URL,
    }


def test_status_list_credential_signed_verifies_and_carries_revocations(issuer):
    """The list credential is a VC like any other: it expands, signs, verifies."""
    credential = status_list_credential_build(
        list_url=STATUS_LIST_URL,
        issuer=issuer.did,
        set_indexes=[94567],
        valid_from=datetime(2025, 3, 10, 12, tzinfo=UTC),
    )
    assert credential["type"] == [
        "VerifiableCredential",
        "BitstringStatusListCredential",
    ]
    subject = credential["credentialSubject"]
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    assert status_list_decode(subject["encodedList"]).set_indexes == {94567}
    assert document_expand(credential, loader=context_loader())
    signed = credential_sign(
        credential,
        key=issuer.keys["key-1"][0],
        verification_method=issuer.method("key-1"),
        created=CREATED,
    )
    lookup = did_document_key_lookup(issuer.did_document())
    assert credential_verify(signed, public_key_lookup=lookup).verified
