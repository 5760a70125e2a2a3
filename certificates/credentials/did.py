"""did:web: the site's DID, its DID document, and looking keys up in a DID document.

did:web (W3C CCG method): `did:web:<host>` is served at https://<host>/.well-
known/did.json; a port is written %3A ("did:web:example.org%3A8443"), and a path adds
colon-separated segments served at <path>/did.json instead ("did:web:example.org:hub").
Wallets resolve did:web over HTTPS only, so a development SITE_URL in http gives a DID
nobody outside can resolve.

Keys rotate: every key that ever signed stays published (newest first) so that old
credentials keep verifying; a compromised key is withdrawn, so what it signed no longer
verifies anywhere.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import quote, urlsplit

from django.conf import settings

from .contexts import DID_V1, MULTIKEY_V1
from .errors import CredentialError
from .keys import VerificationKey, public_multikey_decode


class KeyState(StrEnum):
    """Where a signing key is in its life."""

    ACTIVE = "active"  # signs new credentials
    RETIRED = "retired"  # signs nothing new, still verifies what it signed
    COMPROMISED = "compromised"  # withdrawn: what it signed no longer verifies


@dataclass(frozen=True)
class PublishedKey:
    """A public key of the issuer as the DID document lists it."""

    fragment: str  # the verification method's id after "#", e.g. "key-2025-01"
    public_key_multibase: str  # z6Mk...
    created: datetime
    state: KeyState


def did_web_from_url(site_url: str) -> str:
    """The did:web DID of a site: "https://example.org:8443/hub" ->
    "did:web:example.org%3A8443:hub"."""
    parts = urlsplit(site_url)
    if not parts.hostname:
        raise ValueError(f"no host in {site_url!r}")
    host = parts.hostname.encode("idna").decode("ascii")
    if parts.port:
        host += f"%3A{parts.port}"
    segments = [quote(segment, safe="") for segment in parts.path.split("/") if segment]
    return ":".join(["did", "web", host, *segments])


def site_did() -> str:
    """The platform's own DID, from SITE_URL."""
    return did_web_from_url(settings.SITE_URL)


def did_document_build(*, did: str, keys: Iterable[PublishedKey]) -> dict:
    """The DID document of `did`: each key not compromised as a Multikey
    verification method that may sign credentials (assertionMethod), newest first."""
    published = sorted(
        (key for key in keys if key.state != KeyState.COMPROMISED),
        key=lambda key: key.created,
        reverse=True,
    )
    methods = [
        {
            "id": f"{did}#{key.fragment}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_key_multibase,
        }
        for key in published
    ]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def did_document_key_lookup(
    did_document: dict,
) -> Callable[[str], VerificationKey | None]:
    """A `public_key_lookup` for proof verification that knows exactly the keys a
    DID document lists for assertions (and nothing it merely mentions)."""
    did = did_document.get("id")
    assertion = {
        item if isinstance(item, str) else item.get("id")
        for item in did_document.get("assertionMethod", [])
    }
    methods = {
        method.get("id"): method
        for method in did_document.get("verificationMethod", [])
        if isinstance(method, dict)
    }

    def lookup(verification_method: str) -> VerificationKey | None:
        """The key of `verification_method`, or None if the DID document does not list
        it for assertions."""
        method = methods.get(verification_method)
        if verification_method not in assertion or method is None:
            return None
        if method.get("type") != "Multikey" or method.get("controller") != did:
            return None
        try:
            public_key = public_multikey_decode(method.get("publicKeyMultibase"))
        except CredentialError:
            return None
        return VerificationKey(public_key=public_key, controller=did)

    return lookup
