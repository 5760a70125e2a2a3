"""POST /api/v1/lessons/<id>/complete/: finish a lesson of a course one follows."""

import pytest
from django.urls import reverse

from courses.models import LessonProgress
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    ModuleFactory,
)

pytestmark = pytest.mark.django_db


def _url(lesson) -> str:
    return f"/api/v1/lessons/{lesson.pk}/complete/"


@pytest.fixture
def course_with_lessons(db):
    course = CourseFactory(slug="mail", title="Mon adresse e-mail")
    module = ModuleFactory(course=course)
    lessons = [LessonFactory(module=module, position=n) for n in range(3)]
    LessonFactory(module=module, position=9, required=False)
    return course, lessons


def test_api_lessons_url_is_stable():
    """The documented address does not move."""
    assert reverse("api-lesson-complete", args=[7]) == "/api/v1/lessons/7/complete/"


def test_api_lessons_complete_returns_progress(client, learner, course_with_lessons):
    """Finishing a lesson records it once and returns the course's progress."""
    course, lessons = course_with_lessons
    EnrollmentFactory(user=learner, course=course)
    client.force_login(learner)

    first = client.post(_url(lessons[0]))
    again = client.post(_url(lessons[0]))

    assert first.status_code == again.status_code == 200
    assert first.json() == {
        "course": "mail",
        "title": "Mon adresse e-mail",
        "done": 1,
        "total": 3,
        "percent": 33,
        "completed_at": None,
    }
    assert again.json()["done"] == 1
    assert LessonProgress.objects.count() == 1


def test_api_lessons_complete_last_required_completes(
    client, learner, course_with_lessons
):
    """Finishing the last required lesson completes the course: 100 %."""
    course, lessons = course_with_lessons
    EnrollmentFactory(user=learner, course=course)
    client.force_login(learner)

    for lesson in lessons:
        response = client.post(_url(lesson))

    data = response.json()
    assert (data["done"], data["total"], data["percent"]) == (3, 3, 100)
    assert data["completed_at"] is not None


def test_api_lessons_complete_not_enrolled_is_404(client, learner, course_with_lessons):
    """A lesson of a course the caller does not follow is a 404, and nothing stored."""
    _course, lessons = course_with_lessons
    client.force_login(learner)

    response = client.post(_url(lessons[0]))

    assert response.status_code == 404
    assert not LessonProgress.objects.exists()


def test_api_lessons_complete_other_course_lesson_is_404(
    client, learner, course_with_lessons
):
    """Enrolled in one course, a lesson of another course is a 404."""
    course, _lessons = course_with_lessons
    EnrollmentFactory(user=learner, course=course)
    elsewhere = LessonFactory()
    client.force_login(learner)

    response = client.post(_url(elsewhere))

    assert response.status_code == 404
    assert not LessonProgress.objects.exists()


def test_api_lessons_complete_someone_elses_enrolment_is_404(
    client, learner, course_with_lessons
):
    """Another learner's enrolment in the course does not open it to the caller."""
    course, lessons = course_with_lessons
    EnrollmentFactory(course=course)
    client.force_login(learner)

    assert client.post(_url(lessons[0])).status_code == 404


def test_api_lessons_complete_unknown_lesson_is_404(client, learner):
    """An id that names no lesson is a 404."""
    client.force_login(learner)

    assert client.post("/api/v1/lessons/999999/complete/").status_code == 404
    huge = "/api/v1/lessons/99999999999999999999999/complete/"
    assert client.post(huge).status_code == 404


def test_api_lessons_complete_activity_lesson_is_400(
    client, learner, course_with_lessons
):
    """A quiz lesson is finished by its quiz: 400 with the service's message."""
    course, lessons = course_with_lessons
    quiz = LessonFactory(module=lessons[0].module, kind="quiz", position=5)
    EnrollmentFactory(user=learner, course=course)
    client.force_login(learner)

    response = client.post(_url(quiz))

    assert response.status_code == 400
    assert response.json() == {"lesson": ["Cette leçon se termine par son activité."]}


def test_api_lessons_complete_anonymous_is_403(client, course_with_lessons):
    """A visitor cannot finish lessons."""
    _course, lessons = course_with_lessons

    assert client.post(_url(lessons[0])).status_code == 403
    assert not LessonProgress.objects.exists()
