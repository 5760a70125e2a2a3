"""Ed25519 keys as Multikey strings and JWK: what a DID document and a JWKS publish."""

import base64

import base58
import pytest

from certificates.credentials.errors import CredentialError
from certificates.credentials.keys import (
    key_generate,
    public_key_jwk,
    public_multikey_decode,
    public_multikey_encode,
    secret_multikey_decode,
    secret_multikey_encode,
)


def test_keys_multikey_round_trip_with_standard_prefixes():
    """Public keys read z6Mk..., secret keys z3u2..., and both decode back."""
    key = key_generate()
    public = public_multikey_encode(key.public_key())
    secret = secret_multikey_encode(key)
    assert public.startswith("z6Mk")
    assert secret.startswith("z3u2")
    assert base58.b58decode(public[1:])[:2] == b"\xed\x01"
    assert base58.b58decode(secret[1:])[:2] == b"\x80\x26"
    assert public_multikey_encode(public_multikey_decode(public)) == public
    assert secret_multikey_encode(secret_multikey_decode(secret)) == secret


@pytest.mark.parametrize(
    "value",
    ["", "6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "z0OIl", "z6Mk", None],
)
def test_keys_public_multikey_unreadable_is_refused(value):
    """Not multibase, not base58, too short or not text: a clear key error."""
    with pytest.raises(CredentialError) as caught:
        public_multikey_decode(value)
    assert caught.value.code == "key_format"


def test_keys_secret_given_as_public_is_refused():
    """The multicodec prefix tells a secret key from a public one."""
    with pytest.raises(CredentialError):
        public_multikey_decode(secret_multikey_encode(key_generate()))


def test_keys_public_given_as_secret_is_refused_without_echo():
    """A wrong secret key is refused, and the message never repeats the value."""
    public = public_multikey_encode(key_generate().public_key())
    with pytest.raises(CredentialError) as caught:
        secret_multikey_decode(public)
    assert public[:6] not in str(caught.value)


def test_keys_public_key_jwk_is_rfc8037():
    """The JWK carries the raw public key, base64url without padding."""
    key = key_generate()
    jwk = public_key_jwk(key.public_key(), kid="did:web:hub.example.org#key-1")
    raw = base58.b58decode(public_multikey_encode(key.public_key())[1:])[2:]
    assert jwk == {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode(),
        "kid": "did:web:hub.example.org#key-1",
    }
    assert "=" not in jwk["x"]
