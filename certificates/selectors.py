"""Reads on certificates: verification by code in one query, one code or many."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace
from typing import NamedTuple

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from courses.selectors import courses_for_teacher

from .codes import code_display, code_parse
from .models import Certificate, VerificationLog

TYPED_MAX = 40  # what we echo of a code as typed

STATUS_LABELS = {
    "valid": _("valide"),
    "expired": _("expiré"),
    "revoked": _("révoqué"),
    "superseded": _("remplacé"),
    "preparing": _("en préparation"),
    "private": _("non vérifiable en ligne"),
    "unknown": _("inconnu"),
    "typo": _("faute de frappe probable"),
    "invalid": _("pas un code"),
}


@dataclass(frozen=True)
class Verification:
    """The answer to one code, as a partner reads it.

    status: valid, expired, revoked, superseded or preparing for a certificate that
    may be shown; "private" when the holder switched public verification off;
    "unknown", "typo" (wrong check symbol) or "invalid" (not a code) otherwise.
    Only `shown` carries the snapshot: every other answer has the same empty shape.
    """

    typed: str
    code: str
    status: str
    certificate: Certificate | None = None

    @property
    def shown(self) -> Certificate | None:
        """The certificate whose snapshot may be shown, or None."""
        if self.status in {"private", "unknown", "typo", "invalid"}:
            return None
        return self.certificate

    @property
    def pdf_downloadable(self) -> bool:
        certificate = self.shown
        return bool(
            certificate
            and certificate.status == Certificate.Status.ISSUED
            and certificate.pdf
        )

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def sha256_groups(self) -> list[str]:
        """The PDF's hash in groups of 8, so a phone can wrap it between groups."""
        digest = self.shown.pdf_sha256 if self.shown else ""
        return [digest[i : i + 8] for i in range(0, len(digest), 8)]

    @property
    def revoked_on(self) -> date | None:
        shown = self.shown
        return shown.revoked_on if shown and shown.status == "revoked" else None


def _answer(typed: str, certificate: Certificate | None, code: str) -> Verification:
    if certificate is None:
        return Verification(typed=typed, code=code, status="unknown")
    if not certificate.public_verification:
        return Verification(
            typed=typed, code=code, status="private", certificate=certificate
        )
    return Verification(
        typed=typed,
        code=code,
        status=certificate.public_status,
        certificate=certificate,
    )


def _unparsed(typed: str, problem: str) -> Verification:
    status = "typo" if problem == "typo" else "invalid"
    return Verification(typed=typed, code=typed[:TYPED_MAX], status=status)


def certificate_for_code(canonical_code: str) -> Certificate | None:
    """The certificate with this code, or None; always exactly one query.

    Raw SQL on the unique index: compiling the ORM's query (26 columns) cost three
    times the look-up itself on every verification (bench/RESULTS.md)."""
    table = Certificate._meta.db_table
    certificates = Certificate.objects.raw(
        f"SELECT * FROM {table} WHERE code = %s",  # noqa: S608 (our own table name)
        [canonical_code],
    )
    return next(iter(certificates), None)


def verification_lookup(typed: str) -> Verification:
    """What a code says: no query for a typo or a malformed code, one otherwise."""
    typed = (typed or "").strip()[:TYPED_MAX]
    parsed = code_parse(typed)
    if parsed.problem:
        return _unparsed(typed, parsed.problem)
    certificate = certificate_for_code(parsed.canonical)
    return _answer(typed, certificate, code_display(parsed.canonical))


def verifications_lookup(typed_codes: Iterable[str]) -> list[Verification]:
    """One answer per code, in the order given (duplicates answered each time),
    in one query however many codes: none when no code is well formed."""
    typed_codes = [(typed or "").strip()[:TYPED_MAX] for typed in typed_codes]
    parsed = [code_parse(typed) for typed in typed_codes]
    wanted = {p.canonical for p in parsed if p.canonical}
    found = (
        {c.code: c for c in Certificate.objects.filter(code__in=wanted)}
        if wanted
        else {}
    )
    return [
        _unparsed(typed, p.problem)
        if p.problem
        else _answer(typed, found.get(p.canonical), code_display(p.canonical))
        for typed, p in zip(typed_codes, parsed, strict=True)
    ]


class SeenVerification(NamedTuple):
    """A partner's look-up of one of the holder's certificates."""

    certificate: Certificate
    organisation_name: str
    checked_at: datetime


def verifications_seen_by_holder(*, user) -> list[SeenVerification]:
    """Who checked the member's certificates and when, newest first (one query):
    "Forem a vérifié votre certificat le ..."."""
    logs = (
        VerificationLog.objects.filter(certificate__user=user)
        .select_related("certificate", "organisation")
        .order_by("-checked_at", "-pk")
    )
    return [
        SeenVerification(log.certificate, log.organisation.name, log.checked_at)
        for log in logs
    ]


def verifications_seen_grouped(*, user) -> QuerySet:
    """The holder's partner checks, one row per organisation, certificate and
    day with how many look-ups, newest first: a partner who opens the page 30
    times in a session is one line, "30 fois", not 30. A lazy values() query,
    so a Paginator counts it and fetches one page (two queries)."""
    return (
        VerificationLog.objects.filter(certificate__user=user)
        .annotate(day=TruncDate("checked_at"))
        .values(
            "day",
            "organisation_id",
            "organisation__name",
            "certificate_id",
            "certificate__course_title",
            "certificate__course_language",
        )
        .annotate(count=Count("pk"), last_checked=Max("checked_at"))
        .order_by("-day", "-last_checked", "organisation__name")
    )


def certificates_of(*, user) -> QuerySet[Certificate]:
    """The member's certificates, newest first (one query)."""
    return Certificate.objects.filter(user=user).order_by("-created_at", "-pk")


def certificate_of_holder(*, user, code: str) -> Certificate:
    """The member's own certificate by code; anyone else's is a 404."""
    parsed = code_parse(code)
    return get_object_or_404(Certificate, user=user, code=parsed.canonical or "")


def course_certificates(course) -> QuerySet[Certificate]:
    """A course's certificates, newest first, for its trainers (one query)."""
    return (
        Certificate.objects.filter(course=course)
        .select_related("superseded_by")
        .order_by("-created_at", "-pk")
    )


def certificate_for_teacher(user, pk: int) -> Certificate:
    """A certificate of a course this member teaches (staff: any); 404 otherwise."""
    return get_object_or_404(
        Certificate.objects.select_related("course"),
        pk=pk,
        course__in=courses_for_teacher(user),
    )


@dataclass(frozen=True)
class CourseCertificate:
    """Where the learner's certificate for a course stands, as the course, result
    and home pages tell it: "preparing" from the last required step until the
    worker has issued it and rendered its PDF, then "ready"."""

    course: object
    state: str  # "preparing" or "ready"
    certificate: Certificate | None = None


def course_certificate(*, user, course, completed=None) -> CourseCertificate | None:
    """The learner's certificate news for this course, or None when there is
    nothing to say (not complete, or revoked): one query (two when the caller
    does not know whether the course is complete)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if completed is None:
        completed = course.enrollments.filter(
            user=user, completed_at__isnull=False
        ).exists()
    if not completed:
        return None
    done = SimpleNamespace(course_id=course.pk, course=course, completed_at=True)
    news = certificates_news(user=user, enrollments=[done])
    return news[0] if news else None


def certificates_news(*, user, enrollments) -> list[CourseCertificate]:
    """course_certificate for every completed enrolment of the learner's home,
    in one query however many (none when nothing is complete)."""
    completed = {e.course_id: e.course for e in enrollments if e.completed_at}
    if not completed:
        return []
    newest: dict[int, Certificate] = {}
    revoked: set[int] = set()
    rows = Certificate.objects.filter(user=user, course_id__in=completed).order_by(
        "created_at", "pk"
    )
    for certificate in rows:
        if certificate.status in Certificate.ACTIVE:
            newest[certificate.course_id] = certificate
        elif certificate.status == Certificate.Status.REVOKED:
            revoked.add(certificate.course_id)
    news = []
    for course_id, course in completed.items():
        certificate = newest.get(course_id)
        if certificate is not None:
            ready = certificate.status == Certificate.Status.ISSUED
            state = "ready" if ready else "preparing"
            news.append(CourseCertificate(course, state, certificate))
        elif course_id not in revoked:
            news.append(CourseCertificate(course, "preparing"))
    return news


def credential_for_code(typed: str):
    """The stored signed badge of a publicly verifiable certificate, or None."""
    from .models import Credential

    parsed = code_parse((typed or "").strip()[:TYPED_MAX])
    if parsed.problem:
        return None
    return (
        Credential.objects.filter(
            certificate__code=parsed.canonical,
            certificate__public_verification=True,
        )
        .only("document", "certificate__code")
        .select_related("certificate")
        .first()
    )
