"""Ed25519 keys as Multikey strings (z6Mk... public, z3u2... secret) and as JWK.

Multikey (W3C Controlled Identifiers 1.0): multibase base58btc ("z") of a multicodec
varint prefix and the raw key: 0xed 0x01 for an Ed25519 public key, 0x80 0x26 for an
Ed25519 secret key (its 32-byte seed).
"""

import base64
from dataclasses import dataclass

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.utils.translation import gettext as _

from .errors import CredentialError

PUBLIC_PREFIX = b"\xed\x01"
SECRET_PREFIX = b"\x80\x26"
KEY_SIZE = 32


@dataclass(frozen=True)
class VerificationKey:
    """A public key as a verifier found it, with the DID or URL that controls it."""

    public_key: Ed25519PublicKey
    controller: str


def key_generate() -> Ed25519PrivateKey:
    """A new Ed25519 key pair from the operating system's random source."""
    return Ed25519PrivateKey.generate()


def public_multikey_encode(key: Ed25519PublicKey) -> str:
    """The publicKeyMultibase of a public key: "z6Mk..."."""
    return _encode(PUBLIC_PREFIX, _public_raw(key))


def public_multikey_decode(value: str) -> Ed25519PublicKey:
    """The public key in a publicKeyMultibase "z6Mk..." (else CredentialError)."""
    raw = _decode(value, PUBLIC_PREFIX, _("clé publique Ed25519 (z6Mk…) illisible"))
    return Ed25519PublicKey.from_public_bytes(raw)


def secret_multikey_encode(key: Ed25519PrivateKey) -> str:
    """The secretKeyMultibase of a private key: "z3u2...". Keep it secret."""
    raw = key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return _encode(SECRET_PREFIX, raw)


def secret_multikey_decode(value: str) -> Ed25519PrivateKey:
    """The private key in a secretKeyMultibase "z3u2..." (else CredentialError)."""
    # The message never repeats the value: it is a secret.
    raw = _decode(value, SECRET_PREFIX, _("clé secrète Ed25519 (z3u2…) illisible"))
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_jwk(key: Ed25519PublicKey, *, kid: str) -> dict:
    """The public key as a JSON Web Key (RFC 8037), for a JWKS."""
    x = base64.urlsafe_b64encode(_public_raw(key)).rstrip(b"=").decode("ascii")
    return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid}


def _public_raw(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _encode(prefix: bytes, raw: bytes) -> str:
    """Multibase base58btc of a multicodec prefix and a raw key."""
    return "z" + base58.b58encode(prefix + raw).decode("ascii")


def _decode(value: str, prefix: bytes, message: str) -> bytes:
    """The raw key after `prefix`, or CredentialError(message)."""
    problem = CredentialError("key_format", message)
    if not isinstance(value, str) or not value.startswith("z"):
        raise problem
    try:
        data = base58.b58decode(value[1:])
    except ValueError:
        raise problem from None
    if not data.startswith(prefix) or len(data) != len(prefix) + KEY_SIZE:
        raise problem
    return data[len(prefix) :]
