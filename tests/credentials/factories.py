"""Plain data for portable credentials: a certificate's frozen data and an issuer."""

import copy
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates.credentials.did import (
    KeyState,
    PublishedKey,
    did_document_build,
    did_web_from_url,
)
from certificates.credentials.keys import key_generate, public_multikey_encode

SITE = "https://hub.example.org"
# When our test proofs are made: microseconds included, to see them dropped.
CREATED = datetime(2025, 3, 10, 9, 30, 12, 345678, tzinfo=UTC)
STATUS_LIST_URL = f"{SITE}/credentials/status/1"
# DigComp 2.1's ESCO skill, as the skills app loads it.
ESCO_INTERACTING = (
    "http://data.europa.eu/esco/skill/a12057b4-6d11-4a12-ab8e-15a028ef0a6d"
)


def credential_data(**overrides) -> dict:
    """A certificate's frozen data as the builder takes it; override any key."""
    data = {
        "id": "urn:uuid:8f0c6a52-1d3a-4a55-9d69-5d1b0b0f9d11",
        "achievement_id": f"{SITE}/courses/envoyer-un-e-mail/",
        "holder_name": "Fatima El Amrani",
        "email": "Fatima.ElAmrani@example.org",
        "salt": "5f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99",
        "course_title": "Envoyer un e-mail",
        "course_description": "Écrire, joindre une photo, répondre.",
        "course_language": "fr",
        "competences": [
            {
                "code": "2.1",
                "name": "Interagir par le biais des technologies numériques",
                "level": 2,
                "esco_uri": ESCO_INTERACTING,
            },
            {"code": "2.5", "name": "Nétiquette", "level": 2, "esco_uri": ""},
        ],
        "issued_on": date(2025, 3, 10),
        "expires_on": date(2035, 3, 10),
        "code": "ABCD-EFGH-JKMN-P",
        "verification_url": f"{SITE}/v/ABCDEFGHJKMNP",
        "issuer_name": "Le Monde des Possibles asbl",
        "issuer_url": SITE,
        "issuer_did": did_web_from_url(SITE),
        "status_list_url": STATUS_LIST_URL,
        "status_list_index": 94567,
    }
    data.update(copy.deepcopy(overrides))
    return data


@dataclass
class Issuer:
    """A throwaway issuer: a did:web, its keys and its DID document."""

    did: str = field(default_factory=lambda: did_web_from_url(SITE))
    keys: dict[str, tuple[Ed25519PrivateKey, KeyState]] = field(default_factory=dict)

    def add_key(self, fragment: str, state: KeyState = KeyState.ACTIVE):
        self.keys[fragment] = (key_generate(), state)
        return self.keys[fragment][0]

    def method(self, fragment: str) -> str:
        return f"{self.did}#{fragment}"

    def did_document(self) -> dict:
        published = [
            PublishedKey(
                fragment=fragment,
                public_key_multibase=public_multikey_encode(key.public_key()),
                # Insertion order is creation order.
                created=datetime(2025, 1, 1 + position, tzinfo=UTC),
                state=state,
            )
            for position, (fragment, (key, state)) in enumerate(self.keys.items())
        ]
        return did_document_build(did=self.did, keys=published)
