"""Issuing certificates: once per learner and course, a frozen snapshot, a stored PDF
whose hash is kept, one e-mail, and nothing fetched while rendering."""

import hashlib
import http.server
import shutil
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from certificates import rendering, services
from certificates.models import Certificate
from courses.services import enrollment_create, lesson_complete
from tests.certificates.factories import (
    completed_enrollment,
    course_with_quiz,
    take_quiz,
)
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SITE_URL = "https://sirius.example"


def _first_page(certificate):
    """The rendered first page, in CSS pixels (96 per inch)."""
    from weasyprint import HTML

    from certificates.pdf import stylesheet

    html = HTML(string=rendering.certificate_html(certificate))
    return html.render(stylesheets=[stylesheet()]).pages[0]


def _issue(enrollment, django_capture_on_commit_callbacks) -> Certificate:
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=enrollment)
    certificate.refresh_from_db()
    return certificate


def test_services_issue_freezes_snapshot_and_stores_pdf(
    django_capture_on_commit_callbacks,
):
    """The certificate holds the name as printed, course, competences, the quiz
    result and the issuer; its PDF is stored, A4 landscape, small, hashed."""
    learner = LearnerFactory(first_name="Léa", last_name="Martin")
    enrollment = completed_enrollment(user=learner, title="Mon e-mail", language="fr")

    certificate = _issue(enrollment, django_capture_on_commit_callbacks)

    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.holder_name == "Léa Martin"
    assert certificate.course_title == "Mon e-mail"
    assert certificate.competences[0]["code"] == "1.1"
    assert certificate.competences[0]["level"] == 3
    assert certificate.assessment == "Quiz final réussi à 100 %"
    content = certificate.pdf.read()
    assert content.startswith(b"%PDF")
    page = _first_page(certificate)
    assert (round(page.width), round(page.height)) == (1123, 794)  # A4 landscape
    assert len(content) < 50_000
    assert certificate.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert certificate.user == learner and certificate.course == enrollment.course


def test_services_issue_twice_returns_the_same(django_capture_on_commit_callbacks):
    """Issuing again (a replayed task, a second click) changes nothing."""
    enrollment = completed_enrollment()
    first = _issue(enrollment, django_capture_on_commit_callbacks)
    second = _issue(enrollment, django_capture_on_commit_callbacks)

    assert first.pk == second.pk
    assert Certificate.objects.count() == 1
    assert first.pdf.name == second.pdf.name


def test_services_issue_refused_before_completion_or_after_failed_quiz():
    """No certificate while a lesson is left, nor after failing the quiz."""
    course, text, quiz_lesson = course_with_quiz()
    enrollment = enrollment_create(user=LearnerFactory(), course=course)
    with pytest.raises(ValidationError) as not_started:
        services.certificate_issue(enrollment=enrollment)
    lesson_complete(enrollment=enrollment, lesson=text)
    failed = take_quiz(enrollment, quiz_lesson, right=False)

    with pytest.raises(ValidationError):
        services.certificate_issue(enrollment=enrollment)

    assert failed.passed is False
    assert not_started.value.code == "not_complete"
    assert not Certificate.objects.exists()


def test_services_issue_follows_course_completion(django_capture_on_commit_callbacks):
    """Passing the last required quiz issues the certificate, with no other step."""
    course, text, quiz_lesson = course_with_quiz()
    enrollment = enrollment_create(user=LearnerFactory(), course=course)
    lesson_complete(enrollment=enrollment, lesson=text)

    with django_capture_on_commit_callbacks(execute=True):
        take_quiz(enrollment, quiz_lesson)

    certificate = Certificate.objects.get(user=enrollment.user, course=course)
    assert certificate.status == Certificate.Status.ISSUED


def test_services_issue_sends_one_email(django_capture_on_commit_callbacks):
    """The learner hears once that the certificate is ready, however often the
    render runs again."""
    enrollment = completed_enrollment()
    certificate = _issue(enrollment, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_pdf_store(certificate_id=certificate.pk)
    services._ready_email(certificate.pk)

    assert len(mail.outbox) == 1
    assert certificate.display_code in mail.outbox[0].body
    assert mail.outbox[0].to == [enrollment.user.email]


def test_services_issue_expiry_from_course_validity(django_capture_on_commit_callbacks):
    """A course valid 24 months gives a certificate that expires two years on."""
    enrollment = completed_enrollment(certificate_validity_months=24)

    certificate = _issue(enrollment, django_capture_on_commit_callbacks)

    today = timezone.localdate()
    assert certificate.expires_on == today.replace(year=today.year + 2)
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=today - timedelta(days=1)
    )
    certificate.refresh_from_db()
    assert certificate.public_status == "expired"


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.parametrize(
    "attack",
    [
        '<img src="http://127.0.0.1:{port}/img">',
        '<link rel=attachment href="file:///etc/passwd">',
        "<style>@import url(http://127.0.0.1:{port}/import);</style>",
        '<img src="http://169.254.169.254/latest/meta-data/">',
    ],
)
def test_services_pdf_prints_hostile_name_as_text_and_fetches_nothing(
    attack, django_capture_on_commit_callbacks
):
    """A name carrying HTML is printed as written; the renderer requests nothing."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Recorder.hits = []
    attack = attack.format(port=server.server_port)
    learner = LearnerFactory(first_name=attack, last_name="")
    enrollment = completed_enrollment(user=learner)

    try:
        certificate = _issue(enrollment, django_capture_on_commit_callbacks)
    finally:
        server.shutdown()

    html = rendering.certificate_html(certificate)
    assert attack not in html
    assert "&lt;" in html
    assert _Recorder.hits == []
    assert certificate.status == Certificate.Status.ISSUED


def test_services_sweep_requeues_stuck_certificates(django_capture_on_commit_callbacks):
    """A certificate left in preparation (broker down) is rendered by the sweep."""
    enrollment = completed_enrollment()
    certificate = services.certificate_issue(enrollment=enrollment)  # no commit hooks
    Certificate.objects.filter(pk=certificate.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    assert Certificate.objects.get(pk=certificate.pk).status == "preparing"

    requeued = services.certificates_sweep()

    certificate.refresh_from_db()
    assert requeued == [certificate.pk]
    assert certificate.status == Certificate.Status.ISSUED
    assert services.certificates_sweep() == []


@pytest.mark.django_db(transaction=True)
def test_services_issue_20_concurrent_requests_give_one(settings, tmp_path, digcomp):
    """Twenty requests at once give one certificate, one PDF and one e-mail
    (PostgreSQL proves the constraint and the race handling; SQLite serialises
    writers and may answer "database is locked" to some of them)."""
    settings.MEDIA_ROOT = str(tmp_path)
    # Completing the course already issued one (on_commit runs in this test):
    # start the race from a completed course without a certificate.
    enrollment = completed_enrollment()
    Certificate.objects.all().delete()
    shutil.rmtree(tmp_path / "certificates", ignore_errors=True)
    mail.outbox = []
    results, errors = [], []
    start = threading.Barrier(20)

    def issue():
        try:
            start.wait()
            results.append(services.certificate_issue(enrollment=enrollment).pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    certificate = Certificate.objects.get()
    assert set(results) == {certificate.pk}
    assert certificate.status == Certificate.Status.ISSUED
    assert len(list((tmp_path / "certificates").iterdir())) == 1
    assert len(mail.outbox) == 1
    if connection.vendor == "postgresql":
        assert not errors, errors
    else:
        assert all("locked" in str(error) for error in errors), errors


def test_services_issue_refused_after_revocation(django_capture_on_commit_callbacks):
    """A late retry of the issuance never undoes a revocation."""
    enrollment = completed_enrollment()
    certificate = _issue(enrollment, django_capture_on_commit_callbacks)
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.REVOKED, revoked_on=timezone.localdate()
    )

    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(enrollment=enrollment)

    assert refused.value.code == "revoked"
    assert Certificate.objects.count() == 1


def test_services_sweep_gives_up_after_the_limit(settings, caplog, monkeypatch):
    """A certificate that never renders is re-queued a bounded number of times,
    then reported once as an error, never retried forever."""
    settings.CERTIFICATE_MAX_SWEEPS = 2
    enrollment = completed_enrollment()
    certificate = services.certificate_issue(enrollment=enrollment)  # no commit hooks
    Certificate.objects.filter(pk=certificate.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    from certificates import tasks

    monkeypatch.setattr(tasks.certificate_render_task, "delay", lambda pk: None)

    runs = [services.certificates_sweep() for _ in range(4)]

    assert runs == [[certificate.pk], [certificate.pk], [], []]
    assert "still not rendered after 2 sweeps" in caplog.text


def test_services_pdf_not_stored_after_the_holder_erased_their_account():
    """A render that arrives after erasure prints nothing: no name for nobody."""
    enrollment = completed_enrollment()
    certificate = services.certificate_issue(enrollment=enrollment)  # no commit hooks
    Certificate.objects.filter(pk=certificate.pk).update(user=None, holder_name="")

    result = services.certificate_pdf_store(certificate_id=certificate.pk)

    assert not result.pdf
