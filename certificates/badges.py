"""The platform as an Open Badges issuer: its signing key (from the settings), the
published keys (rotation), a certificate's signed credential and the status list."""

import contextlib
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .credentials.did import KeyState, PublishedKey, did_document_build, site_did
from .credentials.errors import CredentialError
from .credentials.keys import (
    key_generate,
    public_multikey_encode,
    secret_multikey_decode,
    secret_multikey_encode,
)
from .credentials.open_badges import identity_salt_new, open_badge_build
from .credentials.proofs import credential_sign
from .credentials.status_list import (
    status_index_allocate,
    status_list_credential_build,
)
from .models import Certificate, Credential, SigningKey

STATUS_LIST_NAME = "1"


# --- The signing key ---


def signing_key_configured() -> bool:
    """Whether an operator configured a key (else development generates one)."""
    return bool(settings.CREDENTIAL_SIGNING_KEY or settings.CREDENTIAL_SIGNING_KEY_FILE)


def signing_key_path() -> Path:
    """The file the secret key is read from (and rotation writes to)."""
    return Path(
        settings.CREDENTIAL_SIGNING_KEY_FILE or settings.CREDENTIAL_DEV_KEY_FILE
    )


def signing_secret_load() -> Ed25519PrivateKey:
    """The configured secret key; in development, one generated once into an
    ignored file."""
    if settings.CREDENTIAL_SIGNING_KEY:
        return secret_multikey_decode(settings.CREDENTIAL_SIGNING_KEY.strip())
    path = signing_key_path()
    if not settings.CREDENTIAL_SIGNING_KEY_FILE and not path.exists():
        secret_file_write(path, key_generate(), replace=False)
    try:
        text = path.read_text(encoding="ascii").strip()
    except OSError as error:
        raise CredentialError(
            "key_file",
            _("fichier de clé de signature illisible : %(path)s") % {"path": path},
        ) from error
    return secret_multikey_decode(text)


def secret_file_write(path: Path, key: Ed25519PrivateKey, *, replace: bool) -> None:
    """Writes a secret key readable by its owner only, atomically: two processes
    generating at once keep the first key (replace=False) or the last (True)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret_multikey_encode(key) + "\n")
    try:
        if replace:
            os.replace(temporary, path)
        else:
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def fragment_of(public_key_multibase: str) -> str:
    """A short, stable verification method id for a public key."""
    return "key-" + hashlib.sha256(public_key_multibase.encode()).hexdigest()[:12]


def key_register(public_key_multibase: str) -> SigningKey:
    """The published row of a public key; a key seen for the first time becomes
    the active one and the others are retired (configuring a new key rotates)."""
    row = SigningKey.objects.filter(public_key_multibase=public_key_multibase).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            now = timezone.now()
            SigningKey.objects.filter(state=SigningKey.State.ACTIVE).update(
                state=SigningKey.State.RETIRED, state_changed_at=now
            )
            return SigningKey.objects.create(
                fragment=fragment_of(public_key_multibase),
                public_key_multibase=public_key_multibase,
                state=SigningKey.State.ACTIVE,
                created_at=now,
                state_changed_at=now,
            )
    except IntegrityError:
        return SigningKey.objects.get(public_key_multibase=public_key_multibase)


@dataclass(frozen=True)
class Signer:
    """The secret key that signs now, and its published row."""

    key: Ed25519PrivateKey
    row: SigningKey

    @property
    def verification_method(self) -> str:
        return f"{site_did()}#{self.row.fragment}"


def signer_current() -> Signer:
    """The configured key, registered; a key marked compromised never signs."""
    key = signing_secret_load()
    row = key_register(public_multikey_encode(key.public_key()))
    if row.state == SigningKey.State.COMPROMISED:
        raise CredentialError(
            "key_compromised",
            _("la clé de signature configurée est marquée compromise : changez-la"),
        )
    return Signer(key=key, row=row)


def did_document() -> dict:
    """The site's DID document: every key not compromised, newest first."""
    keys = [
        PublishedKey(
            fragment=row.fragment,
            public_key_multibase=row.public_key_multibase,
            created=row.created_at,
            state=KeyState(row.state),
        )
        for row in SigningKey.objects.all()
    ]
    return did_document_build(did=site_did(), keys=keys)


# --- A certificate's credential ---


def status_list_url() -> str:
    return settings.SITE_URL + reverse(
        "certificates:credential-status-list", args=[STATUS_LIST_NAME]
    )


def _achievement_id(certificate: Certificate) -> str:
    """Stable per course, shared by every holder."""
    course = certificate.course_id or certificate.course_title
    name = f"{settings.SITE_URL}/courses/{course}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def credential_data(certificate: Certificate, *, index: int, email: str) -> dict:
    """What the badge says, from the certificate's frozen snapshot."""
    data = {
        "id": f"urn:uuid:{uuid.uuid4()}",
        "achievement_id": _achievement_id(certificate),
        "holder_name": certificate.holder_name,
        "salt": identity_salt_new(),
        "course_title": certificate.course_title,
        "course_language": certificate.course_language,
        "competences": [
            {
                "code": item["code"],
                "name": item["name"],
                "level": item["level"],
                "esco_uri": item.get("esco_uri", ""),
            }
            for item in certificate.competences
        ],
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
        "code": certificate.display_code,
        "verification_url": settings.SITE_URL + certificate.get_absolute_url(),
        "issuer_name": certificate.issuer_name,
        "issuer_url": settings.SITE_URL,
        "issuer_did": site_did(),
        "status_list_url": status_list_url(),
        "status_list_index": index,
    }
    if email:
        data["email"] = email
    return data


def credential_issue(*, certificate: Certificate) -> Credential:
    """Signs the certificate's Open Badge once and stores its bytes, inside the
    caller's transaction; a certificate that has one keeps it."""
    existing = Credential.objects.filter(certificate=certificate).first()
    if existing is not None:
        return existing
    signer = signer_current()
    email = certificate.user.email if certificate.user_id else ""
    for _attempt in range(5):
        used = set(Credential.objects.values_list("status_index", flat=True))
        index = status_index_allocate(used=used)
        unsigned = open_badge_build(
            data=credential_data(certificate, index=index, email=email)
        )
        signed = credential_sign(
            unsigned,
            key=signer.key,
            verification_method=signer.verification_method,
            created=timezone.now(),
        )
        document = json.dumps(signed, ensure_ascii=False, indent=2).encode("utf-8")
        try:
            with transaction.atomic():
                return Credential.objects.create(
                    certificate=certificate,
                    document=document,
                    status_index=index,
                    signing_key=signer.row,
                    status_set=certificate.status
                    in (Certificate.Status.REVOKED, Certificate.Status.SUPERSEDED),
                )
        except IntegrityError:
            # Another credential took this index meanwhile: draw again.
            continue
    raise CredentialError("status_index", _("aucun index de statut libre trouvé"))


def credential_status_set(*, certificate: Certificate, erase: bool = False) -> None:
    """Sets the certificate's bit (revoked, replaced, erased), in the caller's
    transaction. `erase` also drops the stored badge (it names the holder by a
    salted hash); its index stays taken, its bit set, so copies read "revoked"."""
    changes = {"status_set": True}
    if erase:
        changes["document"] = b""
    Credential.objects.filter(certificate=certificate).update(**changes)


def status_list_indexes() -> list[int]:
    """The set bits: credentials revoked, replaced, or whose certificate expired."""
    today = timezone.localdate()
    return list(
        Credential.objects.filter(
            Q(status_set=True) | Q(certificate__expires_on__lt=today)
        ).values_list("status_index", flat=True)
    )


def status_list_signed() -> dict:
    """The signed BitstringStatusListCredential as of now."""
    signer = signer_current()
    unsigned = status_list_credential_build(
        list_url=status_list_url(),
        issuer=site_did(),
        set_indexes=status_list_indexes(),
        valid_from=datetime.now(UTC),
    )
    return credential_sign(
        unsigned,
        key=signer.key,
        verification_method=signer.verification_method,
        created=timezone.now(),
    )


# --- Rotation ---


def key_rotate() -> tuple[SigningKey, Ed25519PrivateKey]:
    """A new key becomes the signing key; the others stay published, retired. With
    a key file, the file is replaced; with CREDENTIAL_SIGNING_KEY the caller must
    give the operator the new secret."""
    key = key_generate()
    row = key_register(public_multikey_encode(key.public_key()))
    if not settings.CREDENTIAL_SIGNING_KEY:
        secret_file_write(signing_key_path(), key, replace=True)
    return row, key


def key_compromised(fragment: str) -> tuple[SigningKey, int]:
    """Withdraws a key from did.json; returns it and how many credentials it signed
    (they no longer verify anywhere)."""
    row = SigningKey.objects.get(fragment=fragment)
    row.state = SigningKey.State.COMPROMISED
    row.state_changed_at = timezone.now()
    row.save(update_fields=["state", "state_changed_at"])
    return row, row.credentials.count()


def credentials_issue_missing() -> int:
    """Signs the badge of every issued certificate that has none yet (issued before
    badges existed); returns how many were signed."""
    signed = 0
    waiting = Certificate.objects.filter(
        status=Certificate.Status.ISSUED, user__isnull=False, credential__isnull=True
    ).values_list("pk", flat=True)
    for certificate_id in list(waiting):
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate_id)
            if locked.status != Certificate.Status.ISSUED or locked.user_id is None:
                continue
            if not Credential.objects.filter(certificate=locked).exists():
                credential_issue(certificate=locked)
                signed += 1
    return signed
