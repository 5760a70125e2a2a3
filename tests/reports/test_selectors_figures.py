"""The exact figures of an impact report: scope, period, aggregates, queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates.models import Certificate
from courses.models import LessonProgress
from reports.selectors import (
    Period,
    impact_figures,
    may_see_reports,
    may_see_whole_platform,
    report_organisations,
)
from stories.models import Story
from tests.factories import (
    CourseFactory,
    LearnerFactory,
    LearnerGroupFactory,
    LessonFactory,
    OrganisationFactory,
    PartnerFactory,
    StaffFactory,
    TrainerFactory,
)
from tests.interests.factories import InterestFactory
from tests.reports.factories import certified, coordinator_of, enrolled, moment
from tests.stories.factories import PublishedStoryFactory, StoryFactory

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))

pytestmark = pytest.mark.django_db


def test_selectors_figures_count_an_organisations_own_and_group_learners():
    """A learner counts for an organisation through their own organisation or
    through a group led by one of its trainers; other learners never do."""
    organisation = OrganisationFactory()
    own = LearnerFactory(organisation=organisation)
    grouped = LearnerFactory()
    LearnerGroupFactory(trainer=coordinator_of(organisation), learners=[grouped])
    stranger = LearnerFactory()
    course = CourseFactory()
    for user in (own, grouped, stranger):
        enrolled(user=user, course=course, on=moment(2026, 3, 3))

    figures = impact_figures(period=MARCH, organisation=organisation)
    everyone = impact_figures(period=MARCH, organisation=None)

    assert figures.enrolments == 2
    assert figures.learners_active == 2
    assert everyone.enrolments == 3


def test_selectors_figures_learner_in_two_groups_counts_once():
    """Two groups of the same organisation do not count a learner twice."""
    organisation = OrganisationFactory()
    learner = LearnerFactory(organisation=organisation)
    for _ in range(2):
        LearnerGroupFactory(trainer=coordinator_of(organisation), learners=[learner])
    enrolled(user=learner, on=moment(2026, 3, 3), completed=moment(2026, 3, 5))

    figures = impact_figures(period=MARCH, organisation=organisation)

    assert (figures.enrolments, figures.completions, figures.learners_active) == (
        1,
        1,
        1,
    )


def test_selectors_figures_trainers_enrolments_are_not_learners():
    """A trainer trying out a course is not one of the learners reported."""
    enrolled(user=TrainerFactory(), on=moment(2026, 3, 3))

    assert impact_figures(period=MARCH, organisation=None).enrolments == 0


def test_selectors_figures_period_includes_its_last_day_in_brussels_time():
    """23:30 on 31 March in Brussels is in March; 00:10 on 1 April is not."""
    enrolled(on=moment(2026, 3, 31, 23, 30))
    enrolled(on=moment(2026, 4, 1, 0, 10))
    enrolled(on=moment(2026, 2, 28, 23, 59))

    assert impact_figures(period=MARCH, organisation=None).enrolments == 1


def test_selectors_figures_completions_cohort_and_active_learners():
    """Completions count by completion date; the cohort counts the period's
    enrolments completed by its end; a lesson finished makes a learner active."""
    enrolled(on=moment(2026, 2, 10), completed=moment(2026, 3, 4))
    enrolled(on=moment(2026, 3, 2), completed=moment(2026, 3, 20))
    enrolled(on=moment(2026, 3, 2), completed=moment(2026, 4, 2))
    enrolled(on=moment(2026, 3, 5))
    earlier = enrolled(on=moment(2026, 1, 5))
    lesson = LessonFactory(module__course=earlier.course)
    LessonProgress.objects.create(
        enrollment=earlier, lesson=lesson, completed_at=moment(2026, 3, 9)
    )
    enrolled(on=moment(2026, 1, 5))  # nothing in March: not active

    figures = impact_figures(period=MARCH, organisation=None)

    assert figures.enrolments == 3
    assert figures.completions == 2
    assert figures.cohort_completed == 1
    assert figures.learners_active == 5


def test_selectors_figures_median_time_to_completion():
    """The median of 1, 2 and 10 days is 2; with a fourth of 4 days, 3."""
    start = moment(2026, 3, 1)
    for days in (1, 2, 10):
        enrolled(on=start, completed=start + timedelta(days=days))

    assert impact_figures(
        period=MARCH, organisation=None
    ).median_days_to_completion == pytest.approx(2)

    enrolled(on=start, completed=start + timedelta(days=4))

    assert impact_figures(
        period=MARCH, organisation=None
    ).median_days_to_completion == pytest.approx(3)


def test_selectors_figures_no_completion_has_no_median():
    assert (
        impact_figures(period=MARCH, organisation=None).median_days_to_completion
        is None
    )


def test_selectors_figures_certificates_by_course_area_and_level():
    """Valid certificates issued in the period, by course; the skills they
    award by DigComp area and by level; revoked and other months left out."""
    course_a, course_b = CourseFactory(title="Smartphone"), CourseFactory(title="Mail")
    for _ in range(2):
        certified(
            enrolled(course=course_a),
            issued_on=date(2026, 3, 10),
            competences=(("1.1", 2), ("4.1", 3)),
        )
    certified(enrolled(course=course_b), issued_on=date(2026, 3, 12))
    certified(
        enrolled(course=course_b),
        issued_on=date(2026, 3, 12),
        status=Certificate.Status.REVOKED,
    )
    certified(enrolled(course=course_b), issued_on=date(2026, 4, 1))

    figures = impact_figures(period=MARCH, organisation=None)

    assert figures.certificates == 3
    assert [(r.label, r.count) for r in figures.certificates_by_course] == [
        ("Smartphone", 2),
        ("Mail", 1),
    ]
    assert figures.certified_skills == 5
    assert [(r.key, r.count) for r in figures.skills_by_area] == [("1", 3), ("4", 2)]
    assert figures.skills_by_area[0].label.startswith("1. ")
    assert [(r.key, r.count) for r in figures.skills_by_level] == [
        ("2", 2),
        ("3", 3),
    ]


def test_selectors_figures_stories_and_interests():
    """Published stories of the period's learners, and partners' interests."""
    organisation = OrganisationFactory()
    learner = LearnerFactory(organisation=organisation)
    PublishedStoryFactory(author=learner, published_at=moment(2026, 3, 8))
    PublishedStoryFactory(author=learner, published_at=moment(2026, 4, 8))
    StoryFactory(author=learner, status=Story.Status.IN_REVIEW)
    PublishedStoryFactory(published_at=moment(2026, 3, 8))  # another learner
    InterestFactory(member=learner, created_at=moment(2026, 3, 9))
    InterestFactory(created_at=moment(2026, 3, 9))

    figures = impact_figures(period=MARCH, organisation=organisation)

    assert (figures.stories, figures.interests) == (1, 1)


def _populate(n: int, organisation=None):
    """n learners of the organisation (a new one unless given) enrolled in
    March, half completed and certified, a story and an interest every tenth."""
    course = CourseFactory()
    organisation = organisation or OrganisationFactory()
    for index in range(n):
        enrollment = enrolled(
            user=LearnerFactory(organisation=organisation),
            course=course,
            on=moment(2026, 3, 1 + index % 20),
            completed=moment(2026, 3, 25) if index % 2 else None,
        )
        if index % 2:
            certified(enrollment, issued_on=date(2026, 3, 25))
        if index % 10 == 0:
            PublishedStoryFactory(
                author=enrollment.user, published_at=moment(2026, 3, 26)
            )
            InterestFactory(member=enrollment.user, created_at=moment(2026, 3, 27))
    return organisation


def _queries(organisation) -> int:
    with CaptureQueriesContext(connection) as queries:
        impact_figures(period=MARCH, organisation=organisation)
    return len(queries)


def test_selectors_figures_query_count_is_flat():
    """10 or 200 enrolments: the same number of queries, all aggregates."""
    organisation = _populate(10)
    small = (_queries(None), _queries(organisation))
    _populate(190, organisation)
    large = (_queries(None), _queries(organisation))

    assert impact_figures(period=MARCH, organisation=None).enrolments == 200
    assert impact_figures(period=MARCH, organisation=organisation).enrolments == 200
    assert small == large
    # One of them groups the active learners by language and age, one counts
    # the answers to "what happened since?" (reports' demographic tables).
    assert max(large) <= 9


def test_selectors_figures_who_may_see_reports():
    """Staff see all organisations and the whole platform; a coordinator only
    their organisation; a trainer without one, partners and learners nothing."""
    mine, other = OrganisationFactory(), OrganisationFactory()
    staff = StaffFactory()
    coordinator = coordinator_of(mine)

    assert may_see_whole_platform(staff)
    assert set(report_organisations(staff)) == {mine, other}
    assert may_see_reports(coordinator)
    assert not may_see_whole_platform(coordinator)
    assert list(report_organisations(coordinator)) == [mine]
    for user in (TrainerFactory(), PartnerFactory(organisation=mine), LearnerFactory()):
        assert not may_see_reports(user)
        assert not report_organisations(user).exists()
