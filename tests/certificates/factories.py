"""Completed enrolments ready for a certificate, built through the real services."""

from courses.models import Course, Enrollment, Lesson
from courses.quiz import services as quiz_services
from courses.services import enrollment_create, lesson_complete
from quizzes import services as quiz_engine
from tests.factories import (
    CourseCompetenceFactory,
    CourseFactory,
    LearnerFactory,
    ModuleFactory,
)
from tests.quizzes.factories import question_make, right_payload, wrong_payload


def course_with_quiz(**course_fields) -> tuple[Course, Lesson, Lesson]:
    """A published course with one text lesson and a required final quiz."""
    course = CourseFactory(status=Course.Status.PUBLISHED, **course_fields)
    CourseCompetenceFactory(course=course, level=3)
    module = ModuleFactory(course=course)
    text = Lesson.objects.create(module=module, title="Lire", body_html="<p>x</p>")
    quiz_lesson = quiz_services.quiz_lesson_create(
        module=module, title="Quiz final", pass_mark=50
    )
    bank = course.question_bank
    questions = [question_make(bank=bank, kind=k) for k in ("single", "true_false")]
    quiz_engine.quiz_questions_set(quiz=quiz_lesson.quiz, questions=questions)
    return course, text, quiz_lesson


def take_quiz(enrollment: Enrollment, quiz_lesson: Lesson, *, right: bool = True):
    """Starts, answers (all right or all wrong) and submits an attempt."""
    attempt = quiz_services.quiz_attempt_start(
        enrollment=enrollment, lesson=quiz_lesson
    )
    for aq in attempt.attempt_questions.select_related("question").prefetch_related(
        "question__choices"
    ):
        payload = right_payload(aq) if right else wrong_payload(aq)
        quiz_engine.answer_save(attempt=attempt, position=aq.position, payload=payload)
    return quiz_services.quiz_attempt_submit(
        enrollment=enrollment, lesson=quiz_lesson, attempt=attempt
    )


def completed_enrollment(*, user=None, **course_fields) -> Enrollment:
    """A learner who read the lesson and passed the quiz: the course is complete."""
    course, text, quiz_lesson = course_with_quiz(**course_fields)
    enrollment = enrollment_create(user=user or LearnerFactory(), course=course)
    lesson_complete(enrollment=enrollment, lesson=text)
    take_quiz(enrollment, quiz_lesson)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    return enrollment


def badge_settings(settings, tmp_path) -> None:
    """A site on https with a throwaway development signing key in `tmp_path`."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SITE_URL = "https://sirius.example"
    settings.CREDENTIAL_SIGNING_KEY = ""
    settings.CREDENTIAL_SIGNING_KEY_FILE = ""
    settings.CREDENTIAL_DEV_KEY_FILE = tmp_path / "keys" / "signing-key"


def issued_with_badge(capture_on_commit, *, user=None, trainer=None):
    """A certificate issued through the services (PDF and signed badge stored)."""
    from certificates import services

    enrollment = completed_enrollment(user=user)
    if trainer is not None:
        enrollment.course.trainers.add(trainer)
    with capture_on_commit(execute=True):
        certificate = services.certificate_issue(enrollment=enrollment)
    services.certificate_pdf_store(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    return certificate
