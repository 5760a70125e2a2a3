"""Reads for quiz lessons: where the member stands, and their attempts by lesson."""

from dataclasses import dataclass

from django.db.models import Max, Prefetch
from django.shortcuts import get_object_or_404

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
    attempts_left: int | None  # None: unlimited

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
    def can_start(self) -> bool:
        return self.open_attempt is not None or self.attempts_left != 0


def quiz_lesson_state(*, lesson: Lesson, user) -> QuizLessonState:
    """The quiz of a lesson (loaded with it), its size and the member's attempts
    (two queries)."""
    quiz = lesson.quiz
    attempts = list(Attempt.objects.filter(quiz=quiz, user=user).order_by("number"))
    if quiz.selection == Quiz.Selection.RANDOM and quiz.draw_count:
        question_count = min(quiz.draw_count, quiz.pool.count())
    else:
        question_count = quiz.pool.count()
    left = None
    if quiz.max_attempts is not None:
        left = max(0, quiz.max_attempts - len(attempts))
    return QuizLessonState(
        quiz=quiz,
        question_count=question_count,
        attempts=attempts,
        open_attempt=next((a for a in attempts if a.is_open), None),
        attempts_left=left,
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
