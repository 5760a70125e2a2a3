"""Bitstring Status List (W3C Recommendation): revocation bits, entries, the list.

The list is a bitstring of at least 131,072 entries (16 KB), bit 0 being the left-most
(most significant) bit of the first byte; `encodedList` is "u" (multibase base64url) +
base64url without padding of the GZIP-compressed bitstring. Each credential names its
index, drawn at random so that the index says nothing about when, or to whom, it was
issued (the Recommendation's privacy advice).
"""

import base64
import binascii
import gzip
import re
import secrets
import zlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .contexts import CREDENTIALS_V2
from .errors import CredentialError
from .proofs import timestamp

MIN_LENGTH = 131_072  # 16 KB: the Recommendation's minimum, for herd privacy
# A status list fetched from elsewhere is untrusted: cap what decompression may yield.
MAX_LENGTH = 8 * 16 * 1024 * 1024
REVOCATION = "revocation"
# Python's base64 decoder skips stray characters; the Recommendation allows none.
_ENCODED = re.compile(r"^u[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class StatusList:
    """A decoded list: its length in bits and the indexes whose bit is set."""

    length: int
    set_indexes: frozenset[int]

    def __contains__(self, index: int) -> bool:
        """Whether bit `index` is set (for revocation: revoked)."""
        return index in self.set_indexes


def status_list_encode(*, set_indexes: Iterable[int], length: int = MIN_LENGTH) -> str:
    """The encodedList of a bitstring of `length` bits where `set_indexes` are 1."""
    if length < MIN_LENGTH or length % 8:
        raise ValueError(f"length must be a multiple of 8 and >= {MIN_LENGTH}")
    bits = bytearray(length // 8)
    for index in set_indexes:
        if not 0 <= index < length:
            raise ValueError(f"index {index} is outside the list (0-{length - 1})")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same bits always give the same text (and the same signature).
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def status_list_decode(encoded: str) -> StatusList:
    """The bits of an encodedList (CredentialError when it is not one)."""
    problem = CredentialError(
        "status_list_invalid", _("liste de statut illisible (encodedList)")
    )
    if not isinstance(encoded, str) or not _ENCODED.match(encoded):
        raise problem
    body = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        # wbits 16+: GZIP framing only; max_length bounds a decompression bomb.
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        bits = inflater.decompress(compressed, MAX_LENGTH // 8)
    except (binascii.Error, ValueError, zlib.error):
        raise problem from None
    if inflater.unconsumed_tail or inflater.unused_data or not inflater.eof:
        raise problem
    if len(bits) * 8 < MIN_LENGTH:
        raise CredentialError(
            "status_list_short",
            ngettext(
                "liste de statut trop courte : moins de %(count)s entrée",
                "liste de statut trop courte : moins de %(count)s entrées",
                MIN_LENGTH,
            )
            % {"count": MIN_LENGTH},
        )
    set_indexes = frozenset(
        position * 8 + bit
        for position, byte in enumerate(bits)
        if byte
        for bit in range(8)
        if byte & (0x80 >> bit)
    )
    return StatusList(length=len(bits) * 8, set_indexes=set_indexes)


def status_index_allocate(*, used: Collection[int], length: int = MIN_LENGTH) -> int:
    """A random index of the list that `used` does not hold yet."""
    taken = {index for index in used if 0 <= index < length}
    if len(taken) >= length:
        raise CredentialError("status_list_full", _("la liste de statut est pleine"))
    if len(taken) < length // 2:
        # Mostly free: a random draw is free with probability > 1/2.
        while True:
            index = secrets.randbelow(length)
            if index not in taken:
                return index
    return secrets.choice([index for index in range(length) if index not in taken])


def status_entry_build(*, list_url: str, index: int, purpose: str = REVOCATION) -> dict:
    """The `credentialStatus` of a credential whose status is bit `index` of the
    status list credential at `list_url`."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential_build(
    *,
    list_url: str,
    issuer: str,
    set_indexes: Iterable[int],
    valid_from: datetime,
    length: int = MIN_LENGTH,
    purpose: str = REVOCATION,
) -> dict:
    """The unsigned BitstringStatusListCredential published at `list_url`, whose
    bits at `set_indexes` are set (for revocation: those credentials are revoked).
    Sign it with `credential_sign` like any credential."""
    return {
        "@context": [CREDENTIALS_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": timestamp(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": status_list_encode(set_indexes=set_indexes, length=length),
        },
    }
