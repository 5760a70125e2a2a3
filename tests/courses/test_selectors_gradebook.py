"""Reads for the trainer's gradebook: scores, attempts, passes, certificates,
groups, orders, and a query count that does not grow with learners or quizzes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates.models import Certificate
from courses import selectors
from tests.courses.gradebook import attempts_make, certificate_make, quiz_lessons
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LearnerFactory,
    LearnerGroupFactory,
    StaffFactory,
    TrainerFactory,
)
from tests.quizzes.factories import AttemptGrantFactory

pytestmark = pytest.mark.django_db


def _book(course, user=None, group=None, order=None):
    user = user or course.trainers.first()
    return selectors.course_gradebook(
        user=user, course=course, group_id=group, order=order
    )


def _rows(course, **kwargs):
    book = _book(course, **kwargs)
    return [selectors.gradebook_row(row, book.quizzes) for row in book.rows]


def _names(rows):
    return [row.user.last_name for row in rows]


@pytest.fixture
def course():
    return CourseFactory(trainers=[TrainerFactory()])


def test_selectors_gradebook_best_last_attempts_and_pass(course):
    """Best and last count submitted attempts only; every started attempt is used;
    one pass is enough, even when the last attempt failed."""
    [lesson] = quiz_lessons(course, max_attempts=3)
    enrollment = EnrollmentFactory(course=course)
    attempts_make(lesson, enrollment.user, 40, 90, 50)

    [row] = _rows(course)
    [(quiz, cell)] = row.cells

    assert quiz.lesson_id == lesson.pk
    assert (cell.best, cell.last, cell.used, cell.allowed, cell.passed) == (
        90,
        50,
        3,
        3,
        True,
    )


def test_selectors_gradebook_open_attempt_counts_as_used_without_a_score(course):
    """An attempt still open is used, but has no score yet; no pass either."""
    [lesson] = quiz_lessons(course, max_attempts=2)
    enrollment = EnrollmentFactory(course=course)
    attempts_make(lesson, enrollment.user, 30, None)

    [(_quiz, cell)] = _rows(course)[0].cells

    assert (cell.best, cell.last, cell.used, cell.passed) == (30, 30, 2, False)


def test_selectors_gradebook_allowed_counts_extra_attempts_granted(course):
    """The limit is max_attempts plus every extra attempt a trainer granted."""
    [lesson] = quiz_lessons(course, max_attempts=2)
    enrollment = EnrollmentFactory(course=course)
    attempts_make(lesson, enrollment.user, 10, 20)
    AttemptGrantFactory(quiz=lesson.quiz, learner=enrollment.user)
    AttemptGrantFactory(quiz=lesson.quiz, learner=enrollment.user, extra_attempts=2)
    # Another learner's grant changes nothing for this one.
    AttemptGrantFactory(quiz=lesson.quiz)

    [(_quiz, cell)] = _rows(course)[0].cells

    assert (cell.used, cell.allowed) == (2, 5)


def test_selectors_gradebook_unlimited_quiz_has_no_limit(course):
    """A quiz without max_attempts allows any number: allowed is None."""
    [lesson] = quiz_lessons(course, max_attempts=None)
    enrollment = EnrollmentFactory(course=course)
    attempts_make(lesson, enrollment.user, *([20] * 5))

    [(_quiz, cell)] = _rows(course)[0].cells

    assert (cell.used, cell.allowed, cell.passed) == (5, None, False)


def test_selectors_gradebook_other_courses_attempts_stay_out(course):
    """Attempts at another course's quiz never reach this course's columns."""
    [mine] = quiz_lessons(course)
    [other] = quiz_lessons(CourseFactory())
    enrollment = EnrollmentFactory(course=course)
    attempts_make(other, enrollment.user, 100)

    book = _book(course)

    assert [quiz.lesson_id for quiz in book.quizzes] == [mine.pk]
    [(_quiz, cell)] = selectors.gradebook_row(book.rows.get(), book.quizzes).cells
    assert (cell.best, cell.used) == (None, 0)


@pytest.mark.parametrize(
    ("statuses", "state"),
    [
        ((), selectors.CERTIFICATE_NONE),
        ((Certificate.Status.PREPARING,), selectors.CERTIFICATE_PREPARING),
        ((Certificate.Status.ISSUED,), selectors.CERTIFICATE_ISSUED),
        ((Certificate.Status.REVOKED,), selectors.CERTIFICATE_REVOKED),
        # Revoked, then issued again: the issued one is what counts.
        (
            (Certificate.Status.REVOKED, Certificate.Status.ISSUED),
            selectors.CERTIFICATE_ISSUED,
        ),
    ],
)
def test_selectors_gradebook_certificate_state(course, statuses, state):
    """None, in preparation, issued or revoked; a live one beats a revoked one."""
    enrollment = EnrollmentFactory(course=course)
    for status in statuses:
        certificate_make(user=enrollment.user, course=course, status=status)
    # A certificate for another course says nothing about this one.
    certificate_make(
        user=enrollment.user, course=CourseFactory(), status=Certificate.Status.ISSUED
    )

    assert _rows(course)[0].certificate == state


def test_selectors_gradebook_completion_percent_and_date(course):
    """Completion comes from the dashboard's count: percentage and date."""
    done = timezone.now()
    EnrollmentFactory(course=course, completed_at=done)

    [row] = _rows(course)

    assert row.enrollment.completed_at == done
    assert row.enrollment.percent == 0  # no required lesson in this course


def test_selectors_gradebook_filters_by_the_trainers_group(course):
    """Only the group's learners are listed; a group of another trainer or an
    unknown id is ignored (everyone is listed)."""
    trainer = course.trainers.get()
    lea, sam = (EnrollmentFactory(course=course) for _ in range(2))
    mine = LearnerGroupFactory(trainer=trainer, learners=[lea.user])
    theirs = LearnerGroupFactory(learners=[sam.user])

    book = _book(course, group=str(mine.pk))

    assert book.groups == [mine]
    assert book.group == mine
    assert [row.pk for row in book.rows] == [lea.pk]
    assert _book(course, group=str(theirs.pk)).group is None
    assert _book(course, group=str(theirs.pk)).rows.count() == 2
    assert _book(course, group="nonsense").rows.count() == 2


def test_selectors_gradebook_staff_filter_by_groups_of_the_course(course):
    """Staff choose among the groups that have a learner in the course."""
    enrollment = EnrollmentFactory(course=course)
    group = LearnerGroupFactory(learners=[enrollment.user])
    LearnerGroupFactory(learners=[LearnerFactory()])

    assert _book(course, user=StaffFactory()).groups == [group]


def test_selectors_gradebook_sorts_by_name_completion_and_quiz_best(course):
    """Name A to Z (and back), completion, and a quiz's best score; no score
    counts as the lowest."""
    first, second = quiz_lessons(course, count=2)
    users = {
        name: EnrollmentFactory(course=course, user=LearnerFactory(last_name=name)).user
        for name in ("Caron", "Adam", "Bodart")
    }
    attempts_make(first, users["Caron"], 30)
    attempts_make(first, users["Adam"], 90)
    attempts_make(second, users["Bodart"], 100)

    assert _names(_rows(course, order="name")) == ["Adam", "Bodart", "Caron"]
    assert _names(_rows(course, order="-name")) == ["Caron", "Bodart", "Adam"]
    quiz = f"quiz-{first.quiz_id}"
    assert _names(_rows(course, order=quiz)) == ["Bodart", "Caron", "Adam"]
    assert _names(_rows(course, order=f"-{quiz}")) == ["Adam", "Caron", "Bodart"]


def test_selectors_gradebook_sorts_by_completion(course):
    """Completion goes up or down; an unknown order falls back to the default."""
    low, high = (
        EnrollmentFactory(course=course, user=LearnerFactory(last_name=name))
        for name in ("Low", "High")
    )
    high.completed_at = timezone.now()
    high.save()
    # Percentages are equal (no lesson): the completion date breaks the tie.
    assert _names(_rows(course, order="-completion")) == ["High", "Low"]
    assert _names(_rows(course, order="completion")) == ["Low", "High"]
    assert _book(course, order="password").order == ""


def test_selectors_gradebook_query_count_flat_in_learners_and_quizzes():
    """The same number of queries for 10 and 200 learners, 1 and 5 quizzes."""
    counts = {}
    for learners, quizzes in ((10, 1), (200, 1), (10, 5), (200, 5)):
        trainer = TrainerFactory()
        course = CourseFactory(trainers=[trainer])
        lessons = quiz_lessons(course, count=quizzes, max_attempts=2)
        for index in range(learners):
            enrollment = EnrollmentFactory(course=course)
            attempts_make(lessons[index % quizzes], enrollment.user, 50, 80)
            certificate_make(
                user=enrollment.user,
                course=course,
                status=Certificate.Status.PREPARING,
            )
        counts[learners, quizzes] = _count_queries(course, trainer, quizzes)

    assert len(set(counts.values())) == 1, counts
    assert counts[10, 1] == 3  # quizzes, groups, rows


def _count_queries(course, trainer, quizzes):
    with CaptureQueriesContext(connection) as queries:
        book = _book(course, user=trainer)
        rows = [selectors.gradebook_row(row, book.quizzes) for row in book.rows]
    assert len(rows[0].cells) == quizzes
    # Each learner passed (80 %) the one quiz they took, and only that one.
    assert sum(cell.passed for row in rows for _quiz, cell in row.cells) == len(rows)
    return len(queries)
