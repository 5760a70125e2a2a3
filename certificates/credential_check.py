"""Checking a pasted or uploaded Open Badge, check by check, with nothing fetched:
signature, issuer known here, status in our list, validity dates."""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from . import badges
from .credentials.did import did_document_key_lookup, site_did
from .credentials.errors import CredentialError
from .credentials.proofs import credential_verify

MAX_BYTES = 256 * 1024
# Failures of these steps mean the input is not a credential we can read (400); a
# failed signature means it was changed after signing (422).
_MALFORMED_STEPS = ("proof", "cryptosuite", "context")


class BadCredential(CredentialError):
    """Input that is not a credential we can check; `status` is the HTTP answer."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(code, message)
        self.status = status


@dataclass
class CheckLine:
    name: str  # signature, issuer, status, validity
    passed: bool | None  # None: could not be checked
    message: str


@dataclass
class CheckReport:
    checks: list[CheckLine] = field(default_factory=list)
    tampered: bool = False

    @property
    def verified(self) -> bool:
        return bool(self.checks) and all(line.passed for line in self.checks)


def _parse(raw: bytes) -> dict:
    if len(raw) > MAX_BYTES:
        raise BadCredential(
            "too_large",
            _("Le badge dépasse 256 ko : ce n'est pas un badge numérique."),
            status=413,
        )
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadCredential(
            "not_json",
            _("Ce texte n'est pas du JSON : collez le fichier .json entier."),
        ) from None
    if not isinstance(document, dict):
        raise BadCredential("not_object", _("Ce JSON n'est pas un badge numérique."))
    types = document.get("type")
    types = types if isinstance(types, list) else [types]
    if "VerifiableCredential" not in types:
        raise BadCredential(
            "wrong_type",
            _("Ce JSON n'est pas une attestation vérifiable (VerifiableCredential)."),
        )
    if "proof" not in document:
        raise BadCredential(
            "proof_missing", _("Ce badge n'est pas signé : il n'a pas de preuve.")
        )
    return document


def _issuer(document: dict) -> str | None:
    issuer = document.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _instant(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _status_line(document: dict) -> CheckLine:
    entry = document.get("credentialStatus")
    if not isinstance(entry, dict):
        return CheckLine("status", None, _("Ce badge n'a pas de statut publié."))
    if entry.get("statusListCredential") != badges.status_list_url():
        return CheckLine("status", None, _("La liste de statut n'est pas la nôtre."))
    try:
        index = int(entry.get("statusListIndex"))
    except (TypeError, ValueError):
        return CheckLine("status", False, _("L'index de statut est illisible."))
    if index in set(badges.status_list_indexes()):
        return CheckLine(
            "status", False, _("Révoqué : ce certificat n'est plus valable.")
        )
    return CheckLine("status", True, _("Non révoqué."))


def _validity_line(document: dict) -> CheckLine:
    now = timezone.now()
    start = _instant(document.get("validFrom"))
    end = _instant(document.get("validUntil")) if "validUntil" in document else None
    if start is None:
        return CheckLine("validity", False, _("La date de début est illisible."))
    if start > now:
        return CheckLine("validity", False, _("Pas encore valable."))
    if "validUntil" in document and end is None:
        return CheckLine("validity", False, _("La date de fin est illisible."))
    if end is not None and end < now:
        return CheckLine("validity", False, _("Expiré : la date de fin est passée."))
    return CheckLine("validity", True, _("Dans ses dates de validité."))


def credential_check(raw: bytes) -> CheckReport:
    """The report on a credential, or BadCredential for input we cannot check."""
    document = _parse(raw)
    if _issuer(document) != site_did():
        # No remote fetching: another issuer's keys are not ours to vouch for.
        return CheckReport(
            checks=[
                CheckLine("signature", None, _("Non vérifiée : émetteur inconnu.")),
                CheckLine("issuer", False, _("Émetteur inconnu ici.")),
                CheckLine("status", None, _("Non vérifié : émetteur inconnu.")),
                CheckLine("validity", None, _("Non vérifiée : émetteur inconnu.")),
            ]
        )
    lookup = did_document_key_lookup(badges.did_document())
    result = credential_verify(document, public_key_lookup=lookup)
    for check in result.errors:
        if check.name in _MALFORMED_STEPS:
            raise BadCredential(check.code, check.message)
    signature = next((c for c in result.checks if c.name == "signature"), None)
    report = CheckReport()
    if signature is not None and signature.passed is False:
        report.tampered = signature.code == "signature_invalid"
        message = (
            _("Signature invalide : le badge a été modifié après sa signature.")
            if report.tampered
            else _("Signée par une clé que nous ne publions pas (ou plus).")
        )
        report.checks.append(CheckLine("signature", False, message))
    else:
        report.checks.append(CheckLine("signature", True, _("Signature valide.")))
    mismatch = any(c.name == "issuer" and c.passed is False for c in result.checks)
    report.checks.append(
        CheckLine(
            "issuer",
            not mismatch,
            _("La clé qui a signé n'est pas celle de l'émetteur.")
            if mismatch
            else _("Émetteur connu : %(did)s") % {"did": site_did()},
        )
    )
    report.checks.append(_status_line(document))
    report.checks.append(_validity_line(document))
    return report
