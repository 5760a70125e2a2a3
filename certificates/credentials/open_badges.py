"""Open Badges 3.0 credentials built from a certificate's frozen data (no database).

An `OpenBadgeCredential` (a W3C Verifiable Credential 2.0) whose achievement is the
course, aligned to each DigComp 2.2 competence and its ESCO skill; the recipient is
named by a salted SHA-256 of their e-mail address (or of their name as printed when
they have none), never in clear; revocation goes through a Bitstring Status List entry.
The result is expanded against the Open Badges 3.0.3 context before it is returned, so
a misspelt field is an error instead of a field silently left out of the signature.
"""

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NotRequired, TypedDict

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .contexts import CREDENTIALS_V2, OPEN_BADGES_V3, ContextLoader, context_loader
from .linked_data import document_expand
from .proofs import timestamp
from .status_list import status_entry_build

DIGCOMP_FRAMEWORK = "DigComp 2.2"
# DigComp 2.2 itself (JRC128415), for the competences ESCO does not list (2.5
# Netiquette): an alignment must point somewhere.
DIGCOMP_URL = "https://publications.jrc.ec.europa.eu/repository/handle/JRC128415"
# Control characters other than tab and line breaks: invisible in print, and refused
# by linked_data (pyld and RDFC-1.0 write them differently).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class CompetenceData(TypedDict):
    """A competence as the certificate froze it."""

    code: str  # DigComp code, "1.1"
    name: str
    level: int | str
    esco_uri: str  # http://data.europa.eu/esco/skill/<uuid>, or "" when ESCO has none


class CredentialData(TypedDict):
    """What an Open Badge says, taken from a certificate and the site's settings."""

    id: str  # urn:uuid:... or the credential's URL: wallets require one
    achievement_id: str  # stable per course (a URL or urn:uuid), shared by holders
    holder_name: str  # as printed on the certificate
    email: NotRequired[str]  # hashed, never written in clear
    holder_did: NotRequired[str]  # the learner's own DID, when they gave one
    salt: str  # see identity_salt_new(); stored with the certificate
    course_title: str
    course_description: NotRequired[str]
    course_language: str
    criteria: NotRequired[str]  # how the achievement is earned
    competences: list[CompetenceData]
    issued_on: date
    expires_on: date | None
    code: str  # the certificate's code, as printed
    verification_url: str
    issuer_name: str
    issuer_url: str
    issuer_did: str
    status_list_url: str
    status_list_index: int


def identity_salt_new() -> str:
    """A fresh salt for a recipient's identity hash (128 random bits)."""
    return secrets.token_hex(16)


def identity_hash(*, value: str, salt: str) -> str:
    """Open Badges' IdentityHash: "sha256$" + hex(SHA-256(value + salt))."""
    digest = hashlib.sha256((value + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def recipient_identifier(*, data: Mapping) -> dict:
    """The IdentityObject that names the holder without showing who they are.

    E-mail addresses are hashed trimmed and lower-cased (how people type them
    back); a name is hashed as printed, in Unicode NFC.
    """
    email = (data.get("email") or "").strip().lower()
    if email:
        value, kind = email, "emailAddress"
    else:
        value, kind = _text(data["holder_name"]), "name"
    return {
        "type": "IdentityObject",
        "identityHash": identity_hash(value=value, salt=data["salt"]),
        "identityType": kind,
        "hashed": True,
        "salt": data["salt"],
    }


def open_badge_build(
    *,
    data: CredentialData,
    tz: tzinfo | None = None,
    loader: ContextLoader | None = None,
) -> dict:
    """The unsigned OpenBadgeCredential for a certificate. Dates are days in `tz`
    (the site's time zone by default): valid from the start of the issue day, until
    the end of the expiry day. Raises CredentialError when a field would not survive
    JSON-LD expansion."""
    tz = tz or timezone.get_default_timezone()
    with translation.override(data["course_language"]):
        credential = {
            "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
            "id": data["id"],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": _text(data["course_title"]),
            "issuer": {
                "id": data["issuer_did"],
                "type": ["Profile"],
                "name": _text(data["issuer_name"]),
                "url": data["issuer_url"],
            },
            **_validity(data, tz),
            "awardedDate": timestamp(_day_start(data["issued_on"], tz)),
            "credentialSubject": _subject(data),
            "evidence": [_verification_evidence(data)],
            "credentialStatus": status_entry_build(
                list_url=data["status_list_url"], index=data["status_list_index"]
            ),
        }
    document_expand(credential, loader=loader or context_loader())
    return credential


def _subject(data: Mapping) -> dict:
    """The AchievementSubject: who (hashed) achieved what."""
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [recipient_identifier(data=data)],
        "achievement": _achievement(data),
    }
    if data.get("holder_did"):
        subject = {"id": data["holder_did"], **subject}
    return subject


def _achievement(data: Mapping) -> dict:
    """The Achievement: the course, how it is earned, the competences it develops."""
    title = _text(data["course_title"])
    criteria = data.get("criteria") or _(
        "Terminer toutes les leçons obligatoires du module et réussir ses quiz "
        "obligatoires."
    )
    return {
        "id": data["achievement_id"],
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": title,
        "description": _text(data.get("course_description") or title),
        "criteria": {"narrative": _text(criteria)},
        "inLanguage": data["course_language"],
        "alignment": [_alignment(competence) for competence in data["competences"]],
    }


def _alignment(competence: Mapping) -> dict:
    """One DigComp competence as an alignment to its ESCO skill."""
    return {
        "type": ["Alignment"],
        "targetName": _text(competence["name"]),
        "targetUrl": competence.get("esco_uri") or DIGCOMP_URL,
        "targetCode": competence["code"],
        "targetFramework": DIGCOMP_FRAMEWORK,
        "targetDescription": _("Niveau de maîtrise %(level)s")
        % {"level": competence["level"]},
    }


def _verification_evidence(data: Mapping) -> dict:
    """The public verification page of the certificate, as evidence."""
    return {
        "id": data["verification_url"],
        "type": ["Evidence"],
        "name": _("Certificat %(code)s") % {"code": data["code"]},
        "description": _(
            "La page publique où l'émetteur confirme ce certificat et son statut."
        ),
    }


def _validity(data: Mapping, tz: tzinfo) -> dict:
    """From the start of the issue day to the end of the expiry day, in `tz`: a
    certificate is expired once its expiry date is past."""
    validity = {"validFrom": timestamp(_day_start(data["issued_on"], tz))}
    if data.get("expires_on"):
        end = _day_start(data["expires_on"] + timedelta(days=1), tz)
        validity["validUntil"] = timestamp(end)
    return validity


def _day_start(day: date, tz: tzinfo) -> datetime:
    """Midnight starting `day` in `tz`, in UTC."""
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)


def _text(value: str) -> str:
    """Text as printed: NFC, without control characters, trimmed."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", value)).strip()
