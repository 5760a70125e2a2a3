"""GET /api/v1/me/progress/: the caller's courses with lessons done and percent."""

import pytest
from django.urls import reverse

from courses import services
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LearnerFactory,
    LessonFactory,
    ModuleFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/progress/"


def _course_with_lessons(slug: str, required: int, optional: int = 0):
    course = CourseFactory(slug=slug)
    module = ModuleFactory(course=course)
    lessons = [LessonFactory(module=module) for _ in range(required)]
    for _ in range(optional):
        LessonFactory(module=module, required=False)
    return course, lessons


def test_api_progress_url_is_stable():
    """The documented address does not move."""
    assert reverse("api-me-progress") == URL


def test_api_progress_counts_required_lessons(client, learner):
    """Each enrolment shows required lessons done, in total, and the percentage."""
    mail, mail_lessons = _course_with_lessons("mail", required=4, optional=2)
    phone, _ = _course_with_lessons("phone", required=2)
    enrollment = EnrollmentFactory(user=learner, course=mail)
    EnrollmentFactory(user=learner, course=phone)
    services.lesson_complete(enrollment=enrollment, lesson=mail_lessons[0])
    client.force_login(learner)

    response = client.get(URL)

    assert response.status_code == 200
    rows = {row["course"]: row for row in response.json()["results"]}
    assert (rows["mail"]["done"], rows["mail"]["total"]) == (1, 4)
    assert rows["mail"]["percent"] == 25
    phone_row = rows["phone"]
    assert (phone_row["done"], phone_row["total"], phone_row["percent"]) == (0, 2, 0)


def test_api_progress_shows_only_own_enrolments(client, learner):
    """Another learner's courses never appear."""
    EnrollmentFactory(user=LearnerFactory(), course=CourseFactory(slug="autre"))
    EnrollmentFactory(user=learner, course=CourseFactory(slug="mien"))
    client.force_login(learner)

    slugs = [row["course"] for row in client.get(URL).json()["results"]]

    assert slugs == ["mien"]


def test_api_progress_empty_course_is_zero_percent(client, learner):
    """A course without lessons shows 0 of 0 and 0 %, never an error."""
    EnrollmentFactory(user=learner, course=CourseFactory(slug="vide"))
    client.force_login(learner)

    row = client.get(URL).json()["results"][0]

    assert (row["done"], row["total"], row["percent"]) == (0, 0, 0)


@pytest.mark.parametrize("count", [2, 40])
def test_api_progress_query_count(
    client, learner, django_assert_max_num_queries, count
):
    """The same few queries for 2 or 40 enrolments."""
    for number in range(count):
        course, lessons = _course_with_lessons(f"c{number}", required=2)
        enrollment = EnrollmentFactory(user=learner, course=course)
        services.lesson_complete(enrollment=enrollment, lesson=lessons[0])
    client.force_login(learner)

    with django_assert_max_num_queries(5):
        response = client.get(URL, {"page_size": "100"})

    assert [row["percent"] for row in response.json()["results"]] == [50] * count


def test_api_progress_anonymous_is_403(client):
    """A visitor has no progress to read."""
    assert client.get(URL).status_code == 403
