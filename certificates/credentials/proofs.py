"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite: signing and verifying.

W3C Recommendation "Data Integrity EdDSA Cryptosuites v1.0", section 3.2: the document
without its proof and the proof options (with the document's @context) are each
canonicalised with RDFC-1.0 and hashed with SHA-256; Ed25519 signs proofHash || docHash;
proofValue is multibase base58btc ("z" + base58). Everything is deterministic once
`created` is given, which is what lets the W3C test vectors check us byte for byte.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils.translation import gettext as _

from .contexts import CREDENTIALS_V2, DATA_INTEGRITY_V2, ContextLoader, context_loader
from .errors import CredentialError
from .keys import VerificationKey
from .linked_data import document_canonicalize

CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"
ASSERTION_METHOD = "assertionMethod"
# A document must bring one of these contexts: they define the proof's terms.
PROOF_CONTEXTS = (CREDENTIALS_V2, DATA_INTEGRITY_V2)
SIGNATURE_SIZE = 64

PublicKeyLookup = Callable[[str], VerificationKey | None]


@dataclass(frozen=True)
class SigningInput:
    """What eddsa-rdfc-2022 hashes and signs, stage by stage."""

    canonical_document: str
    canonical_proof: str

    @property
    def document_hash(self) -> bytes:
        """SHA-256 of the canonical document."""
        return hashlib.sha256(self.canonical_document.encode("utf-8")).digest()

    @property
    def proof_hash(self) -> bytes:
        """SHA-256 of the canonical proof options."""
        return hashlib.sha256(self.canonical_proof.encode("utf-8")).digest()

    @property
    def combined(self) -> bytes:
        """proofHash || docHash: the 64 bytes Ed25519 signs."""
        return self.proof_hash + self.document_hash


@dataclass(frozen=True)
class Check:
    """One step of a verification; `passed` is None when an earlier step failed."""

    name: str
    passed: bool | None
    code: str = ""
    message: str = ""


@dataclass(frozen=True)
class VerificationResult:
    """Every check of a verification, in order, and who signed when it passed."""

    checks: tuple[Check, ...]
    controller: str | None = None

    @property
    def verified(self) -> bool:
        """True when every check ran and passed."""
        return bool(self.checks) and all(check.passed for check in self.checks)

    @property
    def errors(self) -> list[Check]:
        """The checks that failed (at most one: the rest do not run)."""
        return [check for check in self.checks if check.passed is False]


def timestamp(moment: datetime) -> str:
    """An aware datetime as an XML Schema dateTimeStamp in UTC, to the second."""
    if moment.tzinfo is None:
        raise ValueError("timestamp() needs an aware datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def proof_configuration(
    *,
    document: dict,
    verification_method: str,
    created: datetime,
    proof_purpose: str = ASSERTION_METHOD,
) -> dict:
    """The proof options of a new proof, with the document's @context (§3.2.5)."""
    return {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": timestamp(created),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
        "@context": document["@context"],
    }


def signing_input(
    *, document: dict, proof_config: dict, loader: ContextLoader | None = None
) -> SigningInput:
    """Both canonical forms of a document without proof and its proof options."""
    loader = loader or context_loader()
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    return SigningInput(
        canonical_document=document_canonicalize(unsecured, loader=loader),
        canonical_proof=document_canonicalize(proof_config, loader=loader),
    )


def credential_sign(
    document: dict,
    *,
    key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime,
    loader: ContextLoader | None = None,
) -> dict:
    """A copy of `document` with an eddsa-rdfc-2022 proof made with `key`, whose
    public half `verification_method` names. Refuses (CredentialError) a document
    already signed, without a context defining proofs, or with anything JSON-LD
    would leave outside the signature."""
    if "proof" in document:
        raise CredentialError("proof_present", _("le document est déjà signé"))
    if not _has_proof_context(document):
        raise CredentialError(
            "context_missing_proof",
            _("le document doit utiliser le contexte %(url)s")
            % {"url": CREDENTIALS_V2},
        )
    config = proof_configuration(
        document=document, verification_method=verification_method, created=created
    )
    data = signing_input(document=document, proof_config=config, loader=loader)
    proof = {name: value for name, value in config.items() if name != "@context"}
    proof["proofValue"] = "z" + base58.b58encode(key.sign(data.combined)).decode()
    return {**document, "proof": proof}


def proof_verify(
    document: dict,
    *,
    public_key_lookup: PublicKeyLookup,
    loader: ContextLoader | None = None,
) -> VerificationResult:
    """Checks a document's eddsa-rdfc-2022 proof, step by step: the proof is there
    and well-formed, its cryptosuite is ours, its contexts are known and cover every
    term, and the signature matches a key that `public_key_lookup` knows."""
    run = _Run(("proof", "cryptosuite", "context", "signature"))
    proof = document.get("proof") if isinstance(document, dict) else None
    if not run.step(_proof_problem(proof)):
        return run.result()
    if not run.step(_cryptosuite_problem(proof)):
        return run.result()
    data, problem = _signing_input_or_problem(document, proof, loader)
    if not run.step(problem):
        return run.result()
    found = public_key_lookup(proof["verificationMethod"])
    run.step(_signature_problem(proof, found, data))
    return run.result(controller=found.controller if run.ok else None)


def credential_verify(
    document: dict,
    *,
    public_key_lookup: PublicKeyLookup,
    loader: ContextLoader | None = None,
) -> VerificationResult:
    """`proof_verify`, then checks that the key belongs to the credential's issuer.
    Dates and status change with time, not with the signature: they are the caller's."""
    result = proof_verify(document, public_key_lookup=public_key_lookup, loader=loader)
    if not result.verified:
        return VerificationResult(checks=(*result.checks, Check("issuer", None)))
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != result.controller:
        check = Check(
            "issuer",
            False,
            "issuer_mismatch",
            _("la clé qui a signé n'appartient pas à l'émetteur %(issuer)s")
            % {"issuer": issuer_id},
        )
        return VerificationResult(checks=(*result.checks, check))
    return VerificationResult(
        checks=(*result.checks, Check("issuer", True)), controller=result.controller
    )


class _Run:
    """Records checks in order; after the first failure the rest are not run."""

    def __init__(self, names: tuple[str, ...]):
        self._names = names
        self._checks: list[Check] = []
        self.ok = True

    def step(self, problem: tuple[str, str] | None) -> bool:
        """Records the next check as passed, or failed with (code, message)."""
        name = self._names[len(self._checks)]
        if problem is None:
            self._checks.append(Check(name, True))
        else:
            self._checks.append(Check(name, False, *problem))
            self.ok = False
        return self.ok

    def result(self, controller: str | None = None) -> VerificationResult:
        """The checks so far, the remaining ones marked as not run."""
        skipped = [Check(name, None) for name in self._names[len(self._checks) :]]
        return VerificationResult(
            checks=(*self._checks, *skipped), controller=controller
        )


def _has_proof_context(document: dict) -> bool:
    """Whether the document brings a context that defines the proof's terms."""
    contexts = document.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    return any(url in contexts for url in PROOF_CONTEXTS)


def _proof_problem(proof) -> tuple[str, str] | None:
    """Why a proof is missing or malformed, or None."""
    if proof is None:
        return "proof_missing", _("le document n'est pas signé (aucune preuve)")
    if isinstance(proof, list):
        return "proof_malformed", _("une seule preuve est prise en charge")
    if not isinstance(proof, dict):
        return "proof_malformed", _("la preuve n'est pas un objet JSON")
    for name in ("type", "verificationMethod", "proofPurpose", "proofValue"):
        if not isinstance(proof.get(name), str) or not proof[name]:
            return "proof_malformed", _("la preuve n'a pas de champ %(name)s") % {
                "name": name
            }
    if proof["proofPurpose"] != ASSERTION_METHOD:
        return "proof_malformed", _("la preuve n'est pas faite pour une attestation")
    if _signature_bytes(proof["proofValue"]) is None:
        return "proof_malformed", _("la valeur de la preuve est illisible")
    if "created" in proof and not _is_timestamp(proof["created"]):
        return "proof_malformed", _("la date de la preuve est illisible")
    return None


def _cryptosuite_problem(proof: dict) -> tuple[str, str] | None:
    """Why the proof is not an eddsa-rdfc-2022 DataIntegrityProof, or None."""
    if proof["type"] != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return "cryptosuite_unsupported", _(
            "suite cryptographique non prise en charge : %(suite)s"
        ) % {"suite": proof.get("cryptosuite") or proof["type"]}
    return None


def _signing_input_or_problem(document: dict, proof: dict, loader):
    """The signing input as the verifier rebuilds it (§3.2.2), or why it cannot."""
    contexts = document.get("@context")
    if not _has_proof_context(document):
        return None, (
            "context_missing_proof",
            _("le document doit utiliser le contexte %(url)s")
            % {"url": CREDENTIALS_V2},
        )
    config = {name: value for name, value in proof.items() if name != "proofValue"}
    declared = config.get("@context")
    if declared is not None and _as_list(contexts)[: len(_as_list(declared))] != (
        _as_list(declared)
    ):
        return None, (
            "context_mismatch",
            _("les contextes de la preuve et du document ne concordent pas"),
        )
    config["@context"] = contexts
    try:
        data = signing_input(document=document, proof_config=config, loader=loader)
    except CredentialError as error:
        return None, (error.code, error.message)
    return data, None


def _signature_problem(
    proof: dict, found: VerificationKey | None, data: SigningInput
) -> tuple[str, str] | None:
    """Why the signature does not verify with the key found, or None."""
    if found is None:
        return "key_unknown", _("clé de vérification inconnue : %(method)s") % {
            "method": proof["verificationMethod"]
        }
    try:
        found.public_key.verify(_signature_bytes(proof["proofValue"]), data.combined)
    except InvalidSignature:
        return "signature_invalid", _(
            "la signature ne correspond pas : le document a été modifié après "
            "sa signature, ou signé avec une autre clé"
        )
    return None


def _signature_bytes(value: str) -> bytes | None:
    """The 64 signature bytes of a proofValue, or None when unreadable."""
    if not value.startswith("z"):
        return None
    try:
        signature = base58.b58decode(value[1:])
    except ValueError:
        return None
    return signature if len(signature) == SIGNATURE_SIZE else None


def _is_timestamp(value) -> bool:
    """Whether a value is an ISO 8601 date-time with a time zone."""
    if not isinstance(value, str):
        return False
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return False
    return parsed.tzinfo is not None


def _as_list(value) -> list:
    """A JSON-LD value as a list."""
    return value if isinstance(value, list) else [value]
