"""Reads for the trainer's gradebook: learners x quizzes, completion, certificate."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)

from members.models import LearnerGroup, User
from quizzes import limits
from quizzes.models import Attempt, Quiz

from ..models import Course, Enrollment, Lesson
from .dashboard import course_learners_progress
from .learning import grouped_count

# Certificate statuses, spelled out: certificates sits above courses, so its rows
# are read here through the string relation User.certificates, never imported.
CERTIFICATE_ISSUED = "issued"
CERTIFICATE_PREPARING = "preparing"
CERTIFICATE_REVOKED = "revoked"
CERTIFICATE_NONE = ""

ORDER_DEFAULT = ""
ORDER_NAME = "name"
ORDER_COMPLETION = "completion"
QUIZ_ORDER_PREFIX = "quiz-"


@dataclass(frozen=True)
class GradebookQuiz:
    """A quiz lesson of the course, a column of the gradebook."""

    lesson_id: int
    title: str
    quiz: Quiz

    @property
    def order_key(self) -> str:
        return f"{QUIZ_ORDER_PREFIX}{self.quiz.pk}"

    def field(self, name: str) -> str:
        """The annotation holding this quiz's `name` value on a gradebook row."""
        return f"quiz_{self.quiz.pk}_{name}"


@dataclass(frozen=True)
class QuizCell:
    """One learner at one quiz: scores of submitted attempts, attempts used of
    the allowed (None: unlimited), and whether any attempt passed."""

    best: int | None
    last: int | None
    used: int
    allowed: int | None
    passed: bool
    last_attempt_id: int | None = None  # the latest attempt, open or handed in


@dataclass(frozen=True)
class GradebookRow:
    """One learner of the course: their quizzes in course order, completion and
    the state of their certificate (a CERTIFICATE_* value)."""

    enrollment: Enrollment
    cells: list[tuple[GradebookQuiz, QuizCell]]

    @property
    def user(self) -> User:
        return self.enrollment.user

    @property
    def certificate(self) -> str:
        return self.enrollment.certificate_state


def gradebook_quizzes(course: Course) -> list[GradebookQuiz]:
    """The course's quiz lessons in course order, with their quiz (one query)."""
    lessons = (
        Lesson.objects.filter(module__course_id=course.pk, kind=Lesson.Kind.QUIZ)
        .select_related("quiz")
        .only("id", "title", "quiz__id", "quiz__max_attempts", "quiz__pass_mark")
        .order_by("module__position", "module_id", "position", "id")
    )
    return [
        GradebookQuiz(lesson_id=lesson.pk, title=lesson.title, quiz=lesson.quiz)
        for lesson in lessons
    ]


def gradebook_groups(*, user: User, course: Course) -> list[LearnerGroup]:
    """The groups the gradebook filters by: the trainer's own; staff, every group
    with a learner in the course (one query)."""
    if user.is_staff_member:
        groups = LearnerGroup.objects.filter(
            learners__enrollments__course_id=course.pk
        ).distinct()
    else:
        groups = LearnerGroup.objects.filter(trainer_id=user.pk)
    return list(groups.only("id", "name").order_by("name", "id"))


def gradebook_orders(quizzes: list[GradebookQuiz]) -> set[str]:
    """Every value the `order` parameter may take for these quizzes."""
    keys = {ORDER_NAME, ORDER_COMPLETION, *(quiz.order_key for quiz in quizzes)}
    return {ORDER_DEFAULT, *keys, *(f"-{key}" for key in keys)}


def gradebook_rows(
    *,
    course: Course,
    quizzes: list[GradebookQuiz],
    group: LearnerGroup | None = None,
    order: str = ORDER_DEFAULT,
) -> QuerySet[Enrollment]:
    """The course's enrolments with, per quiz, the best and last score, the
    attempts used and granted, and a pass; plus completion and certificate state.
    One query, whatever the number of learners or quizzes: every figure is a
    correlated subquery. Unknown orders fall back to stuck first."""
    rows = course_learners_progress(course)
    if group is not None:
        rows = rows.filter(user__learner_groups=group)
    annotations = {"certificate_state": _certificate_state()}
    for column in quizzes:
        annotations.update(_quiz_annotations(column))
    rows = rows.annotate(**annotations)
    return _ordered(rows, quizzes, order)


def gradebook_row(enrollment: Enrollment, quizzes: list[GradebookQuiz]) -> GradebookRow:
    """A row of gradebook_rows() with its quiz figures gathered into cells."""
    return GradebookRow(
        enrollment=enrollment,
        cells=[(column, _cell(enrollment, column)) for column in quizzes],
    )


def _cell(enrollment: Enrollment, column: GradebookQuiz) -> QuizCell:
    def value(name: str):
        return getattr(enrollment, column.field(name))

    extra = value("extra") if column.quiz.max_attempts is not None else 0
    return QuizCell(
        best=value("best"),
        last=value("last"),
        used=value("used"),
        allowed=limits.attempt_limit(column.quiz, extra),
        passed=value("passed"),
        last_attempt_id=value("last_id"),
    )


def _quiz_annotations(column: GradebookQuiz) -> dict:
    quiz_id = column.quiz.pk
    attempts = Attempt.objects.filter(quiz_id=quiz_id, user_id=OuterRef("user_id"))
    submitted = attempts.filter(submitted_at__isnull=False)
    annotations = {
        column.field("best"): Subquery(
            submitted.order_by("-score_percent").values("score_percent")[:1],
            output_field=IntegerField(),
        ),
        column.field("last"): Subquery(
            submitted.order_by("-number").values("score_percent")[:1],
            output_field=IntegerField(),
        ),
        column.field("last_id"): Subquery(
            attempts.order_by("-number").values("pk")[:1],
            output_field=IntegerField(),
        ),
        column.field("used"): grouped_count(attempts, "user_id"),
        column.field("passed"): Exists(attempts.filter(passed=True)),
    }
    # Unlimited quizzes have no limit to extend: no grant subquery for them.
    if column.quiz.max_attempts is not None:
        annotations[column.field("extra")] = limits.granted_extra_subquery(
            quiz=quiz_id, user=OuterRef("user_id")
        )
    return annotations


def _certificate_state() -> Case:
    """The learner's certificate for this course: an issued one wins over one in
    preparation, which wins over a revoked one; superseded ones have a successor."""

    def holds(status: str) -> Exists:
        return Exists(
            User.objects.filter(
                pk=OuterRef("user_id"),
                certificates__course_id=OuterRef("course_id"),
                certificates__status=status,
            )
        )

    return Case(
        *(
            When(holds(status), then=Value(status))
            for status in (
                CERTIFICATE_ISSUED,
                CERTIFICATE_PREPARING,
                CERTIFICATE_REVOKED,
            )
        ),
        default=Value(CERTIFICATE_NONE),
        output_field=CharField(),
    )


def _ordered(
    rows: QuerySet[Enrollment], quizzes: list[GradebookQuiz], order: str
) -> QuerySet[Enrollment]:
    descending = order.startswith("-")
    key = order.removeprefix("-")
    by_quiz = {column.order_key: column for column in quizzes}
    if key == ORDER_NAME:
        fields = [F("user__last_name"), F("user__first_name")]
    elif key == ORDER_COMPLETION:
        fields = [F("percent"), F("completed_at")]
    elif key in by_quiz:
        fields = [F(by_quiz[key].field("best"))]
    else:
        return rows  # stuck first, as the dashboard
    # No score yet counts as the lowest: first going up, last going down.
    fields = [
        field.desc(nulls_last=True) if descending else field.asc(nulls_first=True)
        for field in fields
    ]
    return rows.order_by(*fields, "user__last_name", "user__first_name", "pk")


@dataclass(frozen=True)
class Gradebook:
    """What the gradebook page and its exports show: the quiz columns, the
    trainer's groups, the group and order chosen, and the rows (a lazy query)."""

    course: Course
    quizzes: list[GradebookQuiz]
    groups: list[LearnerGroup]
    group: LearnerGroup | None
    order: str
    rows: QuerySet[Enrollment]


def course_gradebook(
    *, user: User, course: Course, group_id: str | None, order: str | None
) -> Gradebook:
    """The gradebook of a course the member teaches, filtered by one of their
    groups and sorted as asked; an unknown group or order is ignored (two
    queries, plus the rows' one when they are read)."""
    quizzes = gradebook_quizzes(course)
    groups = gradebook_groups(user=user, course=course)
    group = next((g for g in groups if str(g.pk) == group_id), None)
    order = order if order in gradebook_orders(quizzes) else ORDER_DEFAULT
    return Gradebook(
        course=course,
        quizzes=quizzes,
        groups=groups,
        group=group,
        order=order,
        rows=gradebook_rows(course=course, quizzes=quizzes, group=group, order=order),
    )
