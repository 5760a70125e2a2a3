"""A cohort of 200 learners completes a course while the only worker is killed with
SIGKILL: after a new worker, the sweep and the broker's redelivery of the lost
messages, each learner has exactly one certificate, with its PDF, and one e-mail."""

import hashlib
from collections import Counter

import pytest
from django.core.management import call_command

from certificates.models import Certificate
from courses.services import enrollment_create, lesson_complete
from tests.certificates.conftest import header, real_services_missing, wait_until
from tests.certificates.factories import course_with_quiz, take_quiz
from tests.factories import LearnerFactory

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(bool(real_services_missing()), reason=real_services_missing()),
    pytest.mark.django_db(transaction=True),
]

COHORT = 200


def _issued() -> int:
    return Certificate.objects.filter(status=Certificate.Status.ISSUED).count()


def test_tasks_worker_cohort_of_200_survives_a_killed_worker(worker_rig, settings):
    first = worker_rig.start_worker()
    course, text, quiz_lesson = course_with_quiz()
    learners = []
    for _ in range(COHORT):
        enrollment = enrollment_create(user=LearnerFactory(), course=course)
        lesson_complete(enrollment=enrollment, lesson=text)
        take_quiz(enrollment, quiz_lesson)
        learners.append(enrollment.user)

    # Mid-cohort: some certificates issued, most still queued or being rendered.
    wait_until(lambda: _issued() >= 20, timeout=180, what="the first certificates")
    first.kill_all()
    assert _issued() < COHORT, "the worker finished before it could be killed"

    worker_rig.start_worker()
    settings.CERTIFICATE_SWEEP_MINUTES = 0
    call_command("certificates_sweep", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # What the killed worker had taken but not acknowledged comes back once
    # Redis's visibility timeout has passed (an hour); restore it now.
    from kombu import Connection

    with Connection(
        worker_rig.broker_url, transport_options={"visibility_timeout": 0}
    ) as connection:
        connection.default_channel.qos.restore_visible(num=1000)
    wait_until(lambda: _issued() == COHORT, timeout=600, what="every certificate")

    certificates = list(Certificate.objects.filter(course=course))
    assert len(certificates) == COHORT
    assert {c.user_id for c in certificates} == {u.pk for u in learners}
    stored = {f"certificates/{path.name}": path for path in worker_rig.pdf_files()}
    assert len(stored) == COHORT  # no orphan PDF from the killed renders
    for certificate in certificates:
        assert certificate.status == Certificate.Status.ISSUED
        pdf = stored[certificate.pdf.name]
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == certificate.pdf_sha256

    def mails_per_learner() -> Counter:
        return Counter(
            message.get("To")
            for message in worker_rig.mails()
            if "certificat" in header(message, "Subject")
        )

    wait_until(
        lambda: len(mails_per_learner()) == COHORT, timeout=120, what="the e-mails"
    )
    sent = mails_per_learner()
    assert set(sent.values()) == {1}, sent.most_common(3)
    assert all(c.ready_email_sent_at for c in Certificate.objects.filter(course=course))
