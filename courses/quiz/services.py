"""Quizzes inside courses: each course's question bank, quiz lessons, and taking them.

The quiz engine (`quizzes`) knows nothing about courses; this module adds what a
course needs: locks, enrolment, and passing a quiz as finishing its lesson.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quizzes import services as quiz_engine
from quizzes.models import Attempt, AttemptGrant, QuestionBank

from .. import selectors
from ..models import Course, Enrollment, Lesson, Module
from ..services.learning import lesson_open_check, lesson_progress_record

QUIZ_LESSON_FIELDS = ("title", "minutes", "required")


@transaction.atomic
def course_question_bank(*, course: Course) -> QuestionBank:
    """The course's question bank, created the first time a trainer needs it."""
    locked = Course.objects.select_for_update().get(pk=course.pk)
    if locked.question_bank_id is None:
        bank = quiz_engine.question_bank_create(title=course.title)
        Course.objects.filter(pk=course.pk).update(question_bank=bank)
    else:
        bank = QuestionBank.objects.get(pk=locked.question_bank_id)
    course.question_bank = bank
    return bank


@transaction.atomic
def quiz_lesson_create(
    *,
    module: Module,
    title: str,
    minutes: int = 10,
    required: bool = True,
    **settings: Any,
) -> Lesson:
    """A quiz at the end of the module, drawing on the course's question bank;
    `settings` are the quiz's (pass mark, attempts, time limit, review...)."""
    bank = course_question_bank(course=module.course)
    quiz = quiz_engine.quiz_create(bank=bank, title=title, **settings)
    lesson = Lesson(
        module=module,
        kind=Lesson.Kind.QUIZ,
        quiz=quiz,
        title=title.strip(),
        minutes=minutes,
        required=required,
        position=module.lessons.count(),
    )
    lesson.full_clean()
    lesson.save()
    return lesson


@transaction.atomic
def quiz_lesson_update(
    *, lesson: Lesson, title: str, minutes: int, required: bool, **settings: Any
) -> Lesson:
    """Changes the quiz lesson and its settings; attempts already made keep theirs."""
    if lesson.kind != Lesson.Kind.QUIZ:
        raise ValidationError(_("Cette leçon n'est pas un quiz."), code="not_quiz")
    quiz_engine.quiz_update(quiz=lesson.quiz, title=title, **settings)
    lesson.title, lesson.minutes, lesson.required = title.strip(), minutes, required
    lesson.full_clean()
    Lesson.objects.filter(pk=lesson.pk).update(
        title=lesson.title, minutes=minutes, required=required
    )
    return lesson


def _quiz_lesson_check(enrollment: Enrollment, lesson: Lesson) -> None:
    if (
        lesson.kind != Lesson.Kind.QUIZ
        or lesson.module.course_id != enrollment.course_id
    ):
        raise ValidationError(_("Cette leçon n'est pas un quiz de ce module."))


def quiz_attempt_start(*, enrollment: Enrollment, lesson: Lesson) -> Attempt:
    """Starts (or resumes) the member's attempt at an open quiz lesson."""
    _quiz_lesson_check(enrollment, lesson)
    lesson_open_check(enrollment=enrollment, lesson=lesson)
    return quiz_engine.attempt_start(quiz=lesson.quiz, user=enrollment.user)


# All or nothing: a grade without its lesson progress would leave the course
# half-finished if the connection dropped between the two.
@transaction.atomic
def quiz_attempt_submit(
    *, enrollment: Enrollment, lesson: Lesson, attempt: Attempt
) -> Attempt:
    """Grades the attempt once; passing finishes the lesson, which may complete the
    course. Submitting again returns the same result and changes nothing."""
    _quiz_lesson_check(enrollment, lesson)
    if attempt.quiz_id != lesson.quiz_id or attempt.user_id != enrollment.user_id:
        raise ValidationError(_("Cette tentative ne correspond pas à ce quiz."))
    attempt = quiz_engine.attempt_submit(attempt=attempt)
    if attempt.passed:
        lesson_progress_record(enrollment=enrollment, lesson=lesson)
    return attempt


def quiz_pass_record(*, attempt: Attempt) -> None:
    """A passed attempt finishes its quiz lesson for the member still enrolled
    (safe to repeat: progress is recorded once)."""
    if not attempt.passed:
        return
    lesson = Lesson.objects.filter(quiz_id=attempt.quiz_id).first()
    if lesson is None:
        return
    enrollment = Enrollment.objects.filter(
        user_id=attempt.user_id, course__modules__lessons=lesson
    ).first()
    if enrollment is not None:
        lesson_progress_record(enrollment=enrollment, lesson=lesson)


@transaction.atomic
def quiz_lesson_save(
    *,
    module: Module,
    lesson: Lesson | None,
    fields: dict,
    settings: dict,
    questions: list,
) -> Lesson:
    """Creates or changes the lesson, then its pool. Each service checks the draw
    count against the pool it knows, so the smaller change goes first."""
    if lesson is None:
        lesson = quiz_lesson_create(module=module, **fields, **settings)
        quiz_engine.quiz_questions_set(quiz=lesson.quiz, questions=questions)
        return lesson
    draw = settings["draw_count"] or 0
    if draw <= lesson.quiz.pool.count():
        quiz_lesson_update(lesson=lesson, **fields, **settings)
        quiz_engine.quiz_questions_set(quiz=lesson.quiz, questions=questions)
    else:
        quiz_engine.quiz_questions_set(quiz=lesson.quiz, questions=questions)
        quiz_lesson_update(lesson=lesson, **fields, **settings)
    return lesson


@transaction.atomic
def quiz_attempt_grant(*, lesson: Lesson, learner, trainer) -> AttemptGrant:
    """One more attempt at a quiz lesson for an enrolled learner who has none
    left, given by a trainer of the course (or staff); recorded with who and when."""
    if lesson.kind != Lesson.Kind.QUIZ:
        raise ValidationError(_("Cette leçon n'est pas un quiz."), code="not_quiz")
    course_id = lesson.module.course_id
    if not selectors.courses_for_teacher(trainer).filter(pk=course_id).exists():
        raise PermissionDenied(
            _("Seuls les formateurs et formatrices de ce module peuvent le faire.")
        )
    if not Enrollment.objects.filter(course_id=course_id, user=learner).exists():
        raise ValidationError(
            _(
                "Cette personne n'est pas inscrite à ce module : "
                "inscrivez-la d'abord, puis donnez-lui un essai de plus."
            ),
            code="not_enrolled",
        )
    return quiz_engine.attempt_grant_create(
        quiz=lesson.quiz, learner=learner, granted_by=trainer
    )
