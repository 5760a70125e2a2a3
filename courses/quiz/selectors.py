"""Reads for quiz lessons: where the member stands, and their attempts by lesson."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, OuterRef, Prefetch
from django.shortcuts import get_object_or_404

from quizzes import limits
from quizzes import selectors as quiz_engine
from quizzes.models import Attempt, Question, Quiz

from .. import selectors
from ..models import Course, Lesson


@dataclass(frozen=True)
class QuizLessonState:
    """What the quiz lesson page shows before and between attempts."""

    quiz: Quiz
    question_count: int
    attempts: list[Attempt]
    open_attempt: Attempt | None
    attempts_left: int | None  # None: unlimited, else extras granted included
    # The latest extra attempt a trainer gave, for "... vous a donné un essai de plus".
    last_grant_at: datetime | None = None
    last_granted_by: str = ""

    @property
    def passed(self) -> bool:
        return any(attempt.passed for attempt in self.attempts)

    @property
    def best_percent(self) -> int | None:
        scores = [a.score_percent for a in self.attempts if a.score_percent is not None]
        return max(scores, default=None)

    @property
    def first_pass(self) -> Attempt | None:
        """The attempt that first passed the quiz, for "passed on <date>"."""
        return next((a for a in self.attempts if a.passed), None)

    @property
    def grant_news(self) -> bool:
        """A trainer gave an extra attempt that the learner has not started yet."""
        if self.last_grant_at is None:
            return False
        return not any(a.started_at >= self.last_grant_at for a in self.attempts)

    @property
    def can_start(self) -> bool:
        return self.open_attempt is not None or self.attempts_left != 0


def quiz_lesson_state(*, lesson: Lesson, user) -> QuizLessonState:
    """The quiz of a lesson (loaded with it), its size, the member's attempts
    and the extra attempts granted to them (two queries)."""
    quiz = lesson.quiz
    attempts = list(Attempt.objects.filter(quiz=quiz, user=user).order_by("number"))
    facts = quiz_engine.learner_quiz_facts(quiz=quiz, user=user)
    question_count = facts.pool_size
    if quiz.selection == Quiz.Selection.RANDOM and quiz.draw_count:
        question_count = min(quiz.draw_count, facts.pool_size)
    return QuizLessonState(
        quiz=quiz,
        question_count=question_count,
        attempts=attempts,
        open_attempt=next((a for a in attempts if a.is_open), None),
        attempts_left=limits.attempts_left_of(
            quiz, used=len(attempts), extra=facts.extra
        ),
        last_grant_at=facts.last_grant_at,
        last_granted_by=facts.last_granted_by,
    )


def attempt_in_lesson(*, user, slug: str, lesson_id: int, attempt_id: int) -> Attempt:
    """The member's own attempt at this lesson's quiz, with the quiz, lesson and
    course in the same query; anything else is a 404."""
    return get_object_or_404(
        Attempt.objects.select_related("quiz__lesson__module__course"),
        pk=attempt_id,
        user_id=user.pk,
        quiz__lesson__pk=lesson_id,
        quiz__lesson__module__course__slug=slug,
    )


def enrollment_quiz_results(*, enrollment) -> list[tuple[str, int]]:
    """The best passing score of each quiz of the course the member passed,
    as (lesson title, percent), in course order (one query)."""
    rows = (
        Attempt.objects.filter(
            user_id=enrollment.user_id,
            quiz__lesson__module__course_id=enrollment.course_id,
            passed=True,
        )
        .values("quiz__lesson__title", "quiz__lesson__module__position")
        .annotate(best=Max("score_percent"))
        .order_by("quiz__lesson__module__position", "quiz__lesson__position")
    )
    return [(row["quiz__lesson__title"], row["best"]) for row in rows]


# --- Trainers: reads filtered by the courses they may edit (anyone else's: 404) ---


@dataclass(frozen=True)
class QuizOutOfAttempts:
    """A quiz lesson of the course at which a learner has no attempt left."""

    lesson_id: int
    title: str
    last_attempt_id: int | None = None


def learners_out_of_attempts(
    *, course: Course, user_ids: list[int]
) -> dict[int, list[QuizOutOfAttempts]]:
    """For these learners of the course, the quiz lessons at which they used
    every attempt, extras granted included, in course order (one query)."""
    rows = (
        Attempt.objects.filter(
            user_id__in=user_ids,
            quiz__lesson__module__course_id=course.pk,
            quiz__max_attempts__isnull=False,
        )
        .values(
            "user_id",
            "quiz_id",
            "quiz__max_attempts",
            "quiz__lesson__pk",
            "quiz__lesson__title",
            "quiz__lesson__module__position",
            "quiz__lesson__position",
        )
        .annotate(
            used=Count("pk"),
            last_id=Max("pk"),
            extra=limits.granted_extra_subquery(
                quiz=OuterRef("quiz_id"), user=OuterRef("user_id")
            ),
        )
        .order_by("quiz__lesson__module__position", "quiz__lesson__position")
    )
    out: dict[int, list[QuizOutOfAttempts]] = {}
    for row in rows:
        if row["used"] >= row["quiz__max_attempts"] + row["extra"]:
            out.setdefault(row["user_id"], []).append(
                QuizOutOfAttempts(
                    lesson_id=row["quiz__lesson__pk"],
                    title=row["quiz__lesson__title"],
                    last_attempt_id=row["last_id"],
                )
            )
    return out


def question_for_teacher(user, pk: int) -> Question:
    """A question of the bank of a course the member may edit; 404 otherwise."""
    return get_object_or_404(
        Question.objects.select_related("bank__course").prefetch_related("choices"),
        pk=pk,
        bank__course__in=selectors.courses_for_teacher(user),
    )


def quiz_lesson_for_teacher(user, pk: int) -> Lesson:
    """A quiz lesson of a course the member may edit, with its quiz; 404 otherwise."""
    return get_object_or_404(
        Lesson.objects.select_related("module__course", "quiz"),
        pk=pk,
        kind=Lesson.Kind.QUIZ,
        module__course__in=selectors.courses_for_teacher(user),
    )


def bank_questions(course: Course) -> list[Question]:
    """The course's bank in creation order, each with the quizzes using it (two
    queries; none when the course has no bank yet)."""
    if course.question_bank_id is None:
        return []
    quizzes = Quiz.objects.select_related("lesson").order_by("title", "id")
    return list(
        Question.objects.filter(bank_id=course.question_bank_id)
        .only("id", "kind", "text_markdown", "competence_codes")
        .prefetch_related(Prefetch("quizzes", queryset=quizzes))
        .order_by("id")
    )


def quiz_preview_questions(*, lesson: Lesson) -> list[Question]:
    """The quiz's questions in their fixed order, for the trainer's preview (one
    query; a random quiz draws from these)."""
    return list(
        Question.objects.filter(quiz_links__quiz_id=lesson.quiz_id)
        .only("id", "kind", "text_html")
        .order_by("quiz_links__position", "id")
    )


def attempt_for_teacher(user, *, lesson_id: int, attempt_id: int) -> Attempt:
    """An attempt at this quiz lesson of a course the member may edit, with its
    learner, quiz, lesson and course in the same query; 404 otherwise."""
    return get_object_or_404(
        Attempt.objects.select_related("user", "quiz__lesson__module__course"),
        pk=attempt_id,
        quiz__lesson__pk=lesson_id,
        quiz__lesson__module__course__in=selectors.courses_for_teacher(user),
    )


@dataclass(frozen=True)
class AttemptLink:
    """One attempt of a learner, as the results page links it."""

    pk: int
    number: int
    score_percent: int | None
    passed: bool | None
    is_open: bool


def quiz_attempt_links(*, quiz: Quiz) -> dict[int, list[AttemptLink]]:
    """Every attempt at the quiz by learner id, in the order they were made
    (one query, whatever their number)."""
    rows = (
        Attempt.objects.filter(quiz_id=quiz.pk)
        .values_list(
            "pk", "user_id", "number", "score_percent", "passed", "submitted_at"
        )
        .order_by("user_id", "number")
    )
    links: dict[int, list[AttemptLink]] = {}
    for pk, user_id, number, score, passed, submitted_at in rows:
        links.setdefault(user_id, []).append(
            AttemptLink(
                pk=pk,
                number=number,
                score_percent=score,
                passed=passed,
                is_open=submitted_at is None,
            )
        )
    return links
