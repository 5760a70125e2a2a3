"""Gradebook test data: quiz lessons, attempts and certificates as stored."""

from datetime import date, timedelta

from django.utils import timezone

from certificates.codes import code_generate
from certificates.models import Certificate
from courses.models import Lesson
from quizzes.models import Attempt
from tests.factories import LessonFactory, ModuleFactory


def quiz_lessons(course, count: int = 1, **quiz_fields) -> list[Lesson]:
    """`count` quiz lessons in one module of the course, in order."""
    module = ModuleFactory(course=course)
    lessons = [
        LessonFactory(module=module, kind=Lesson.Kind.QUIZ) for _ in range(count)
    ]
    for lesson in lessons:
        for field, value in quiz_fields.items():
            setattr(lesson.quiz, field, value)
        lesson.quiz.save()
    return lessons


def attempts_make(lesson, user, *scores: int | None, pass_mark: int = 70) -> None:
    """Attempts in this order, submitted with these scores; None is still open."""
    start = timezone.now() - timedelta(days=len(scores))
    Attempt.objects.bulk_create(
        Attempt(
            quiz=lesson.quiz,
            user=user,
            number=number,
            started_at=start + timedelta(days=number),
            submitted_at=None if score is None else start + timedelta(days=number),
            question_count=4,
            score_percent=score,
            passed=None if score is None else score >= pass_mark,
        )
        for number, score in enumerate(scores, start=1)
    )


def certificate_make(*, user, course, status: str) -> Certificate:
    """A certificate row of the learner for the course, in that status."""
    return Certificate.objects.create(
        code=code_generate(),
        status=status,
        user=user,
        course=course,
        holder_name=user.get_full_name(),
        course_title=course.title,
        course_language="fr",
        hours="2.0",
        issuer_name="Le Monde des Possibles asbl",
        issuer_company_number="0123456749",
        issued_on=date(2026, 10, 5),
    )
