"""POST /api/v1/enrollments/: enrol in a published course by its address."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from courses.models import Course, Enrollment
from tests.factories import CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/enrollments/"


def _post(client, body):
    return client.post(URL, body, content_type="application/json")


def test_api_enrollments_url_is_stable():
    """The documented address does not move."""
    assert reverse("api-enrollment-create") == URL


def test_api_enrollments_create(client, learner):
    """A learner enrols by the course's address and gets 201 with the enrolment."""
    CourseFactory(slug="mail")
    client.force_login(learner)

    response = _post(client, {"course": "mail"})

    assert response.status_code == 201
    enrollment = Enrollment.objects.get(user=learner, course__slug="mail")
    data = response.json()
    assert data["id"] == enrollment.pk
    assert data["course"] == "mail"
    assert data["completed_at"] is None


def test_api_enrollments_twice_returns_the_same(client, learner):
    """Enrolling again returns the same enrolment, and no second row."""
    CourseFactory(slug="mail")
    client.force_login(learner)

    first = _post(client, {"course": "mail"})
    second = _post(client, {"course": "mail"})

    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert Enrollment.objects.filter(user=learner).count() == 1


@pytest.mark.parametrize("status", [Course.Status.DRAFT, Course.Status.ARCHIVED])
def test_api_enrollments_unpublished_is_400(client, learner, status):
    """An unpublished course gives 400 with a message, and no enrolment."""
    CourseFactory(slug="cache", status=status)
    client.force_login(learner)

    response = _post(client, {"course": "cache"})

    assert response.status_code == 400
    assert "Aucun module publié" in response.json()["course"][0]
    assert not Enrollment.objects.exists()


def test_api_enrollments_unknown_slug_is_400(client, learner):
    """An unknown address or a missing field gives 400 with a clear message."""
    client.force_login(learner)

    unknown = _post(client, {"course": "nulle-part"})
    missing = _post(client, {})
    wrong_type = _post(client, {"course": ["a"]})
    nul = _post(client, {"course": "a\x00b"})

    assert unknown.status_code == missing.status_code == wrong_type.status_code == 400
    assert nul.status_code == 400
    assert unknown.json()["course"] == [
        "Aucun module publié ne porte l'adresse « nulle-part »."
    ]
    assert "course" in missing.json()


def test_api_enrollments_missing_prerequisite_is_400(client, learner):
    """The service's refusal (a prerequisite not completed) becomes a 400."""
    first = CourseFactory(title="Premiers pas")
    course = CourseFactory(slug="suite")
    course.prerequisites.add(first)
    client.force_login(learner)

    response = _post(client, {"course": "suite"})

    assert response.status_code == 400
    assert response.json() == {"course": ["Terminez d'abord : Premiers pas."]}


def test_api_enrollments_anonymous_is_403(client):
    """A visitor cannot enrol."""
    CourseFactory(slug="mail")

    response = _post(client, {"course": "mail"})

    assert response.status_code == 403
    assert not Enrollment.objects.exists()


def test_api_enrollments_with_a_token(client, learner):
    """A client other than the browser enrols with "Authorization: Token <key>"."""
    CourseFactory(slug="mail")
    token = Token.objects.create(user=learner)

    response = client.post(
        URL,
        {"course": "mail"},
        content_type="application/json",
        headers={"authorization": f"Token {token.key}"},
    )
    bad = client.post(
        URL,
        {"course": "mail"},
        content_type="application/json",
        headers={"authorization": "Token nope"},
    )

    assert response.status_code == 201
    assert bad.status_code in (401, 403)
    assert Enrollment.objects.filter(user=learner).count() == 1


def test_api_enrollments_session_needs_csrf(learner):
    """A browser session without the CSRF token is refused."""
    from django.test import Client

    CourseFactory(slug="mail")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)

    response = browser.post(URL, {"course": "mail"}, content_type="application/json")

    assert response.status_code == 403
    assert not Enrollment.objects.exists()


def test_api_enrollments_list_not_offered(client, learner):
    """Enrolments are not listed here (the caller's are under /me/progress/)."""
    EnrollmentFactory(user=learner)
    client.force_login(learner)

    assert client.get(URL).status_code == 405
