"""Course page, lesson page and learner home: the same queries at 10 and 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Course, Enrollment, Lesson, LessonProgress, Module
from skills.models import Competence
from tests.factories import CourseCompetenceFactory, CourseFactory, LearnerFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 7  # performance.md, target 1: a logged-in page


def _world(size: int):
    """`size` courses, lessons in the main one, and enrolments with progress."""
    learner = LearnerFactory()
    courses = Course.objects.bulk_create(
        Course(
            title=f"Cours {n}",
            slug=f"cours-{size}-{n}",
            summary="Court.",
            duration_hours=2,
            status=Course.Status.PUBLISHED,
        )
        for n in range(size)
    )
    course = courses[0]
    modules = Module.objects.bulk_create(
        Module(course=c, title=f"Partie {c.pk}", position=1) for c in courses
    )
    main_modules = Module.objects.bulk_create(
        Module(course=course, title=f"Partie {n}", position=n + 2) for n in range(4)
    )
    lessons = Lesson.objects.bulk_create(
        Lesson(
            module=main_modules[n % 4],
            title=f"Leçon {n}",
            position=n,
            body_html="<p>Texte</p>",
        )
        for n in range(size)
    )
    others = Lesson.objects.bulk_create(
        Lesson(module=module, title="Première", position=1) for module in modules
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(user=learner, course=c) for c in courses
    )
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(enrollment=e, lesson=o)
            for e, o in zip(enrollments, others, strict=True)
        ]
        + [LessonProgress(enrollment=enrollments[0], lesson=lessons[0])]
    )
    for competence in Competence.objects.in_framework()[:3]:
        CourseCompetenceFactory(course=course, competence=competence)
    course.trainers.add(*[LearnerFactory(role="trainer") for _ in range(2)])
    course.prerequisites.add(*courses[1:4], CourseFactory())
    course.other_language_versions.add(*courses[4:7])
    return learner, course, lessons


def _pages(course, lessons):
    return {
        "course": course.get_absolute_url(),
        "lesson": reverse("courses:lesson-detail", args=[course.slug, lessons[-1].pk]),
        "home": "/",
    }


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", ["course", "lesson", "home"])
def test_views_query_counts_same_at_10_and_200(
    client, page, django_assert_max_num_queries
):
    """Each page issues the same queries at 10 and 200, and at most 7."""
    counts = []
    for size in (10, 200):
        learner, course, lessons = _world(size)
        client.force_login(learner)
        url = _pages(course, lessons)[page]
        with django_assert_max_num_queries(MAX_QUERIES):
            counts.append(_count(client, url))
    print(f"{page}: {counts[0]} queries at 10, {counts[1]} at 200")
    assert counts[0] == counts[1], counts
