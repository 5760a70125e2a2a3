"""The Open Badges 3.0 credential of a certificate: what wallets and employers read."""

import hashlib
import json
from datetime import date

import pytest

from certificates.credentials.errors import CredentialError
from certificates.credentials.open_badges import (
    DIGCOMP_URL,
    identity_hash,
    identity_salt_new,
    open_badge_build,
)
from tests.credentials.factories import ESCO_INTERACTING, SITE, credential_data


def test_open_badge_is_an_openbadgecredential_of_vc_2():
    """Contexts, id, types, issuer profile and name, as OB 3.0 asks."""
    credential = open_badge_build(data=credential_data())
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["id"] == "urn:uuid:8f0c6a52-1d3a-4a55-9d69-5d1b0b0f9d11"
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["name"] == "Envoyer un e-mail"
    assert credential["issuer"] == {
        "id": "did:web:hub.example.org",
        "type": ["Profile"],
        "name": "Le Monde des Possibles asbl",
        "url": SITE,
    }


def test_open_badge_dates_are_brussels_days():
    """Valid from midnight in Brussels on the issue day until the end of the
    expiry day, written in UTC (winter: UTC+1, summer: UTC+2)."""
    credential = open_badge_build(
        data=credential_data(issued_on=date(2025, 3, 10), expires_on=date(2027, 7, 1))
    )
    assert credential["validFrom"] == "2025-03-09T23:00:00Z"
    assert credential["awardedDate"] == "2025-03-09T23:00:00Z"
    assert credential["validUntil"] == "2027-07-01T22:00:00Z"


def test_open_badge_without_expiry_has_no_valid_until():
    credential = open_badge_build(data=credential_data(expires_on=None))
    assert "validUntil" not in credential


def test_open_badge_achievement_is_the_course_aligned_to_digcomp_and_esco():
    """Each competence is an alignment to its ESCO skill, coded and levelled;
    a competence ESCO lacks points to DigComp 2.2 itself."""
    achievement = open_badge_build(data=credential_data())["credentialSubject"][
        "achievement"
    ]
    assert achievement["id"] == f"{SITE}/courses/envoyer-un-e-mail/"
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "CertificateOfCompletion"
    assert achievement["name"] == "Envoyer un e-mail"
    assert achievement["description"] == "Écrire, joindre une photo, répondre."
    assert achievement["inLanguage"] == "fr"
    assert achievement["criteria"]["narrative"].startswith("Terminer toutes")
    interacting, netiquette = achievement["alignment"]
    assert interacting == {
        "type": ["Alignment"],
        "targetName": "Interagir par le biais des technologies numériques",
        "targetUrl": ESCO_INTERACTING,
        "targetCode": "2.1",
        "targetFramework": "DigComp 2.2",
        "targetDescription": "Niveau de maîtrise 2",
    }
    assert netiquette["targetCode"] == "2.5"
    assert netiquette["targetUrl"] == DIGCOMP_URL


def test_open_badge_recipient_is_a_salted_hash_of_the_email():
    """An employer who knows the address (and the salt) can check it; nobody
    reads it in the credential."""
    data = credential_data(email="  Fatima.ElAmrani@Example.org ")
    credential = open_badge_build(data=data)
    identifier = credential["credentialSubject"]["identifier"]
    expected = hashlib.sha256(
        ("fatima.elamrani@example.org" + data["salt"]).encode()
    ).hexdigest()
    assert identifier == [
        {
            "type": "IdentityObject",
            "identityHash": f"sha256${expected}",
            "identityType": "emailAddress",
            "hashed": True,
            "salt": data["salt"],
        }
    ]
    text = json.dumps(credential, ensure_ascii=False).lower()
    assert "fatima" not in text and "elamrani" not in text


def test_open_badge_without_email_hashes_the_name_as_printed():
    """Learners without e-mail are named by a salted hash of their printed name."""
    data = credential_data(email="", holder_name="فاطمة العمراني")
    (identifier,) = open_badge_build(data=data)["credentialSubject"]["identifier"]
    assert identifier["identityType"] == "name"
    assert identifier["identityHash"] == identity_hash(
        value="فاطمة العمراني", salt=data["salt"]
    )
    assert "فاطمة" not in json.dumps(open_badge_build(data=data), ensure_ascii=False)


def test_open_badge_holder_did_becomes_the_subject_id():
    data = credential_data(
        holder_did="did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    )
    subject = open_badge_build(data=data)["credentialSubject"]
    assert subject["id"] == data["holder_did"]
    assert subject["type"] == ["AchievementSubject"]


def test_open_badge_points_to_the_verification_page_and_status_list():
    """The evidence links the public verification page; revocation goes
    through the status list entry."""
    credential = open_badge_build(data=credential_data())
    assert credential["evidence"] == [
        {
            "id": f"{SITE}/v/ABCDEFGHJKMNP",
            "type": ["Evidence"],
            "name": "Certificat ABCD-EFGH-JKMN-P",
            "description": (
                "La page publique où l'émetteur confirme ce certificat et son statut."
            ),
        }
    ]
    assert credential["credentialStatus"] == {
        "id": f"{SITE}/credentials/status/1#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": f"{SITE}/credentials/status/1",
    }


def test_open_badge_control_characters_are_dropped_from_texts():
    """A form feed pasted into a title is removed rather than refused: it is
    invisible in print and would break the canonical form."""
    credential = open_badge_build(
        data=credential_data(course_title="Envoyer\x0c un e-mail\x7f ")
    )
    assert credential["name"] == "Envoyer un e-mail"


def test_open_badge_relative_achievement_id_is_refused():
    """An id that is not a URL or URN would vanish from the signed data."""
    with pytest.raises(CredentialError) as caught:
        open_badge_build(data=credential_data(achievement_id="courses/12"))
    assert caught.value.code == "iri_relative"


def test_open_badge_salts_are_fresh_and_long():
    salts = {identity_salt_new() for _ in range(100)}
    assert len(salts) == 100
    assert all(len(salt) == 32 for salt in salts)
