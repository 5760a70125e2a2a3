"""Personal data held by certificates: the holder's certificates, who checked them,
their answers to "what happened since?", and the checks a partner account made."""

from django.db import transaction
from django.utils.translation import gettext as _

from . import badges
from .models import Certificate, CertificateOutcome, VerificationLog


def member_data_export(*, user) -> dict:
    certificates = Certificate.objects.filter(user=user).order_by("created_at", "pk")
    seen = (
        VerificationLog.objects.filter(certificate__user=user)
        .select_related("certificate", "organisation")
        .order_by("checked_at", "pk")
    )
    made = (
        VerificationLog.objects.filter(checked_by=user)
        .select_related("certificate", "organisation")
        .order_by("checked_at", "pk")
    )
    answers = (
        CertificateOutcome.objects.filter(user=user)
        .select_related("certificate")
        .order_by("answered_at", "pk")
    )
    return {
        "certificates": [
            {
                "code": certificate.display_code,
                "status": certificate.public_status,
                "holder_name": certificate.holder_name,
                "course": certificate.course_title,
                "hours": certificate.hours,
                "competences": certificate.competences,
                "issuer": certificate.issuer_name,
                "issued_on": certificate.issued_on,
                "expires_on": certificate.expires_on,
                "public_verification": certificate.public_verification,
                "pdf_sha256": certificate.pdf_sha256,
            }
            for certificate in certificates
        ],
        "verifications_of_my_certificates": [
            {
                "code": log.certificate.display_code,
                "organisation": log.organisation.name,
                "checked_at": log.checked_at,
            }
            for log in seen
        ],
        "verifications_i_made": [
            {
                "code": log.certificate.display_code,
                "organisation": log.organisation.name,
                "checked_at": log.checked_at,
            }
            for log in made
        ],
        "certificate_outcomes": [
            {
                "code": answer.certificate.display_code,
                "course": answer.certificate.course_title,
                "outcomes": answer.outcomes,
                "outcome_labels": answer.outcome_labels,
                "prefers_not_to_say": answer.declined,
                "answered_at": answer.answered_at,
                "changed_at": answer.updated_at,
            }
            for answer in answers
        ],
    }


def member_consent_log(*, user) -> list[dict]:
    """Each check of the member's certificates by a partner organisation."""
    logs = (
        VerificationLog.objects.filter(certificate__user=user)
        .select_related("certificate", "organisation")
        .order_by("-checked_at", "-pk")
    )
    return [
        {
            "when": log.checked_at,
            "what": _("Vérification du certificat %(code)s")
            % {"code": log.certificate.display_code},
            "who": log.organisation.name,
        }
        for log in logs
    ]


def member_data_erase(*, user) -> None:
    """Certificates survive without a holder: the name goes, the PDF (which prints
    it) is deleted after commit, its hash stays so an old copy can still be told
    genuine. Answers to "what happened since?" are deleted. Checks the member
    made as a partner keep no link to them."""
    CertificateOutcome.objects.filter(user=user).delete()
    pdf_names = []
    for certificate in Certificate.objects.select_for_update().filter(user=user):
        if certificate.pdf:
            pdf_names.append((certificate.pdf.storage, certificate.pdf.name))
        certificate.user = None
        certificate.holder_name = ""
        certificate.revoked_reason = ""
        certificate.pdf = ""
        certificate.save(update_fields=["user", "holder_name", "revoked_reason", "pdf"])
        # The portable badge can no longer be vouched for: its bit says revoked.
        badges.credential_status_set(certificate=certificate, erase=True)
    VerificationLog.objects.filter(checked_by=user).update(checked_by=None)

    def delete_files() -> None:
        for storage, name in pdf_names:
            storage.delete(name)

    transaction.on_commit(delete_files)
