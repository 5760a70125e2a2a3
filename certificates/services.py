"""Writes on certificates: issuance (once per learner and course), the stored PDF,
revocation, re-issue, and the sweep that re-queues forgotten renders."""

import hashlib
import logging
import uuid
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.storage_transactions import atomic_with_files, file_written
from courses.models import Course, Enrollment
from courses.quiz.selectors import enrollment_quiz_results
from courses.selectors import enrollment_requirements_met
from members.models import User
from members.selectors import member_language
from members.services import email_send, member_age_band_set
from skills.services import member_skills_award, member_skills_withdraw

from . import badges, pdf, rendering
from .codes import code_generate
from .models import Certificate, CertificateOutcome
from .signals import certificate_render_wanted

logger = logging.getLogger(__name__)

PDF_FOLDER = "certificates"


def _holder_name(user: User) -> str:
    return user.get_full_name().strip() or user.username


def _competences(course: Course) -> list[dict]:
    rows = course.course_competences.select_related("competence").order_by(
        "competence__code"
    )
    return [
        {
            "code": row.competence.code,
            "name": row.competence.name,
            "level": row.level,
            "esco_uri": row.competence.esco_uri,
        }
        for row in rows
    ]


def _assessment(enrollment: Enrollment) -> str:
    results = enrollment_quiz_results(enrollment=enrollment)
    if not results:
        return _("Toutes les leçons obligatoires terminées")
    return " ; ".join(
        _("%(quiz)s réussi à %(percent)s %%") % {"quiz": title, "percent": percent}
        for title, percent in results
    )


def _expiry(course: Course, issued_on):
    if not course.certificate_validity_months:
        return None
    return issued_on + relativedelta(months=course.certificate_validity_months)


def _snapshot(enrollment: Enrollment) -> dict:
    """What the certificate freezes, written in the course's language."""
    course = enrollment.course
    issued_on = timezone.localdate()
    with translation.override(course.language):
        return {
            "user": enrollment.user,
            "course": course,
            "holder_name": _holder_name(enrollment.user),
            "course_title": course.title,
            "course_language": course.language,
            "hours": course.duration_hours,
            "competences": _competences(course),
            "assessment": _assessment(enrollment)[:300],
            "issuer_name": settings.CERTIFICATE_ISSUER_NAME,
            "issuer_company_number": settings.CERTIFICATE_ISSUER_COMPANY_NUMBER,
            "issued_on": issued_on,
            "expires_on": _expiry(course, issued_on),
        }


def _unused_code() -> str:
    # 60 random bits: a collision is astronomically rare, and then we draw again.
    while True:
        code = code_generate()
        if not Certificate.objects.filter(code=code).exists():
            return code


def _active(user_id: int, course_id: int) -> Certificate | None:
    return Certificate.objects.filter(
        user_id=user_id, course_id=course_id, status__in=Certificate.ACTIVE
    ).first()


@transaction.atomic
def certificate_issue(*, enrollment: Enrollment) -> Certificate:
    """The learner's certificate for a course completed by its rules, issued once:
    calling again (or 20 requests at once) returns the same one. Its PDF is
    rendered by a worker after commit."""
    enrollment = Enrollment.objects.select_related("course", "user").get(
        pk=enrollment.pk
    )
    if enrollment.completed_at is None or not enrollment_requirements_met(
        enrollment=enrollment
    ):
        raise ValidationError(
            _("Le module n'est pas terminé : pas encore de certificat."),
            code="not_complete",
        )
    existing = _active(enrollment.user_id, enrollment.course_id)
    if existing is not None:
        return existing
    if Certificate.objects.filter(
        user_id=enrollment.user_id,
        course_id=enrollment.course_id,
        status=Certificate.Status.REVOKED,
    ).exists():
        # A late retry must not undo a revocation; re-issuing is a trainer's act.
        raise ValidationError(
            _(
                "Le certificat de ce module a été révoqué : seul un formateur "
                "peut en émettre un nouveau."
            ),
            code="revoked",
        )
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                code=_unused_code(), **_snapshot(enrollment)
            )
    except IntegrityError:
        # A racing request created it first: the constraint kept one, use it.
        existing = _active(enrollment.user_id, enrollment.course_id)
        if existing is None:
            raise
        return existing
    _schedule_render(certificate.pk)
    return certificate


def _schedule_render(certificate_id: int) -> None:
    """Asks for the PDF once the transaction commits."""
    transaction.on_commit(lambda: _render_wanted(certificate_id))


def _render_wanted(certificate_id: int) -> None:
    # The task module listens (receivers.py): this module never imports the task
    # that calls it.
    certificate_render_wanted.send(sender=Certificate, certificate_id=certificate_id)


# --- The certificate's life: revocation, re-issue, public verification ---


def _may_manage(*, certificate: Certificate, by: User) -> bool:
    """Staff, or a trainer of the certificate's course."""
    if by.is_staff_member:
        return True
    return certificate.course_id is not None and (
        Course.objects.filter(pk=certificate.course_id, trainers=by).exists()
    )


def _locked(certificate: Certificate, *, by: User) -> Certificate:
    # Views check first; this keeps a forgotten check from becoming a silent write.
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not _may_manage(certificate=locked, by=by):
        raise PermissionDenied
    return locked


REASON_MAX_LENGTH = 2000


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, by: User, reason: str
) -> Certificate:
    """Revokes from today: the date is public, the reason stays internal. A
    certificate already revoked or replaced is refused."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Écrivez pourquoi vous révoquez ce certificat. Seule l'équipe le lira."),
            code="reason_required",
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            ngettext(
                "La raison est trop longue : %(max)s signe au plus.",
                "La raison est trop longue : %(max)s signes au plus.",
                REASON_MAX_LENGTH,
            )
            % {"max": REASON_MAX_LENGTH},
            code="reason_too_long",
        )
    locked = _locked(certificate, by=by)
    if locked.status == Certificate.Status.REVOKED:
        raise ValidationError(
            _("Ce certificat est déjà révoqué depuis le %(date)s.")
            % {"date": locked.revoked_on.strftime("%d/%m/%Y")},
            code="already_revoked",
        )
    if locked.status == Certificate.Status.SUPERSEDED:
        raise ValidationError(
            _("Ce certificat a été remplacé. Révoquez plutôt le nouveau."),
            code="superseded",
        )
    locked.status = Certificate.Status.REVOKED
    locked.revoked_on = timezone.localdate()
    locked.revoked_reason = reason
    locked.save(update_fields=["status", "revoked_on", "revoked_reason"])
    badges.credential_status_set(certificate=locked)
    member_skills_withdraw(certificate=locked)
    logger.info("certificate %s revoked by member %s", locked.pk, by.pk)
    return locked


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, by: User) -> Certificate:
    """After a name correction or a retake: the old certificate becomes superseded
    and points to a new one (new code, snapshot taken now, PDF rendered by a
    worker after commit). Returns the new certificate."""
    locked = _locked(certificate, by=by)
    if locked.status == Certificate.Status.REVOKED:
        raise ValidationError(
            _("Un certificat révoqué ne peut pas être réémis."), code="revoked"
        )
    if locked.status == Certificate.Status.SUPERSEDED:
        raise ValidationError(
            _("Ce certificat a déjà été remplacé par un nouveau."),
            code="superseded",
        )
    enrollment = (
        Enrollment.objects.select_related("course", "user")
        .filter(user_id=locked.user_id, course_id=locked.course_id)
        .first()
        if locked.user_id and locked.course_id
        else None
    )
    if enrollment is None or enrollment.completed_at is None:
        raise ValidationError(
            _(
                "Impossible de réémettre : la personne n'a plus de compte "
                "ou n'a pas terminé ce module."
            ),
            code="no_enrollment",
        )
    # The one-active constraint covers (user, course): supersede first, then create.
    locked.status = Certificate.Status.SUPERSEDED
    locked.save(update_fields=["status"])
    badges.credential_status_set(certificate=locked)
    new = Certificate.objects.create(
        code=_unused_code(),
        public_verification=locked.public_verification,
        **_snapshot(enrollment),
    )
    locked.superseded_by = new
    locked.save(update_fields=["superseded_by"])
    # The holder's answer to "what happened since?" follows the certificate
    # that now stands for the course: the report counts valid certificates only.
    CertificateOutcome.objects.filter(certificate=locked).update(certificate=new)
    logger.info("certificate %s reissued as %s by member %s", locked.pk, new.pk, by.pk)
    _schedule_render(new.pk)
    return new


@transaction.atomic
def certificate_visibility_set(
    *, certificate: Certificate, user: User, public: bool
) -> Certificate:
    """The holder switches public verification off or on (not a revocation)."""
    if certificate.user_id is None or certificate.user_id != user.pk:
        raise PermissionDenied
    Certificate.objects.filter(pk=certificate.pk).update(public_verification=public)
    certificate.public_verification = public
    return certificate


@transaction.atomic
def certificate_outcome_set(
    *,
    certificate: Certificate,
    user: User,
    outcomes: list[str],
    declined: bool = False,
    age_band: str | None = None,
) -> CertificateOutcome:
    """The holder says what happened since this certificate (several outcomes),
    or that they prefer not to say; answering again changes the answer. Only
    the holder of a valid certificate may answer. `age_band`, when given, is
    saved on the member's account in the same step ("" takes it back)."""
    if certificate.user_id is None or certificate.user_id != user.pk:
        raise PermissionDenied
    if certificate.status != Certificate.Status.ISSUED:
        raise ValidationError(
            _("Cette question ne concerne que les certificats valides."),
            code="not_issued",
        )
    chosen = set(outcomes)
    unknown = chosen - set(CertificateOutcome.Outcome.values)
    if unknown:
        raise ValidationError(
            _("Choisissez vos réponses dans la liste."), code="unknown_outcome"
        )
    if declined and chosen:
        raise ValidationError(
            _(
                "Cochez des réponses, ou choisissez « Je préfère ne pas répondre », "
                "mais pas les deux."
            ),
            code="declined_and_answered",
        )
    if not declined and not chosen:
        raise ValidationError(
            _(
                "Cochez au moins une réponse, ou choisissez « Je préfère ne pas "
                "répondre »."
            ),
            code="empty",
        )
    if age_band is not None:
        member_age_band_set(user=user, age_band=age_band)
    values = {
        field: outcome in chosen for outcome, field in CertificateOutcome.FIELDS.items()
    }
    answer, created = CertificateOutcome.objects.select_for_update().get_or_create(
        certificate=certificate,
        defaults={"user": user, "declined": declined, **values},
    )
    if not created:
        for field, value in {"declined": declined, **values}.items():
            setattr(answer, field, value)
        answer.updated_at = timezone.now()
        answer.save()
    return answer


def certificate_pdf_store(*, certificate_id: int) -> Certificate:
    """Renders and stores the PDF once, then marks the certificate issued in the
    same transaction; does nothing when the PDF is already stored, or when the
    holder erased their account meanwhile (no PDF is printed for nobody)."""
    certificate = Certificate.objects.get(pk=certificate_id)
    if certificate.pdf or certificate.user_id is None:
        return certificate
    content = pdf.certificate_pdf(rendering.certificate_html(certificate))
    # A later step that fails (badge, skills) must not leave a PDF for nobody.
    with atomic_with_files():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if locked.pdf or locked.user_id is None:
            return locked
        name = default_storage.save(
            f"{PDF_FOLDER}/{uuid.uuid4().hex}.pdf", ContentFile(content)
        )
        file_written(name)
        locked.pdf.name = name
        locked.pdf_sha256 = hashlib.sha256(content).hexdigest()
        locked.pdf_stored_at = timezone.now()
        if locked.status == Certificate.Status.PREPARING:
            locked.status = Certificate.Status.ISSUED
        locked.save(update_fields=["pdf", "pdf_sha256", "pdf_stored_at", "status"])
        # The Open Badge is signed once, with the PDF: every download is these bytes.
        badges.credential_issue(certificate=locked)
        # Skills count from the moment the certificate is issued, in the same
        # transaction; they replace those of the certificate this one supersedes.
        member_skills_award(certificate=locked)
        # The e-mail leaves only once the certificate is really issued.
        transaction.on_commit(lambda: _ready_email(locked.pk))
    return locked


def _ready_email(certificate_id: int) -> None:
    """Tells the holder once (a conditional update guards against every retry)."""
    claimed = Certificate.objects.filter(
        pk=certificate_id,
        ready_email_sent_at__isnull=True,
        status=Certificate.Status.ISSUED,
        user__isnull=False,
    ).update(ready_email_sent_at=timezone.now())
    if not claimed:
        return
    certificate = Certificate.objects.select_related("user").get(pk=certificate_id)
    if not certificate.user.email:
        return
    # The holder's own language when they chose one; else the course's, which
    # they followed.
    language = member_language(certificate.user, default=certificate.course_language)
    with translation.override(language):
        subject = _("Votre certificat « %(course)s » est prêt") % {
            "course": certificate.course_title
        }
        body = render_to_string(
            "certificates/email/certificate_ready.txt",
            {
                "certificate": certificate,
                "site_url": settings.SITE_URL,
                "mine_path": reverse("certificates:mine"),
            },
        )
    email_send(subject=subject, body=body, to=[certificate.user.email])


def certificates_sweep(*, older_than: timedelta | None = None) -> list[int]:
    """Re-queues certificates still in preparation after a while (a broker outage
    delays a certificate, never loses it); returns their ids. After
    CERTIFICATE_MAX_SWEEPS tries a certificate is reported as an error and left
    for staff, rather than retried forever."""
    if older_than is None:
        older_than = timedelta(minutes=settings.CERTIFICATE_SWEEP_MINUTES)
    waiting = Certificate.objects.filter(
        status=Certificate.Status.PREPARING,
        pdf="",
        created_at__lt=timezone.now() - older_than,
    )
    stuck = list(
        waiting.filter(sweeps__lt=settings.CERTIFICATE_MAX_SWEEPS).values_list(
            "pk", flat=True
        )
    )
    Certificate.objects.filter(pk__in=stuck).update(sweeps=F("sweeps") + 1)
    given_up = Certificate.objects.filter(
        pk__in=stuck, sweeps=settings.CERTIFICATE_MAX_SWEEPS
    ).values_list("pk", flat=True)
    for certificate_id in given_up:
        logger.error(
            "certificate %s: still not rendered after %s sweeps; last try now, "
            "then left for staff (see the worker's log)",
            certificate_id,
            settings.CERTIFICATE_MAX_SWEEPS,
        )
    for certificate_id in stuck:
        _render_wanted(certificate_id)  # the counts above are committed already
    return stuck


def verification_log_record(*, certificates: list[Certificate], user: User) -> int:
    """Logs a partner account's look-up of each certificate found (once per look-up,
    in one query) for the holder to see; anyone else's look-ups leave no trace.
    Returns how many rows were written."""
    from .models import VerificationLog

    if not (
        getattr(user, "is_authenticated", False)
        and user.role == User.Role.PARTNER
        and user.organisation_id
    ):
        return 0
    unique = {certificate.pk: certificate for certificate in certificates}
    if not unique:
        return 0
    now = timezone.now()
    VerificationLog.objects.bulk_create(
        VerificationLog(
            certificate=certificate,
            organisation_id=user.organisation_id,
            checked_by=user,
            checked_at=now,
        )
        for certificate in unique.values()
    )
    return len(unique)
