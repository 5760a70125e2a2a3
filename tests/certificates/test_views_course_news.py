""" "Votre certificat est prêt" where the learner is: the quiz result, the course
page and the home page, and "en préparation" that asks for itself again."""

import pytest
from django.urls import reverse

from certificates.models import Certificate
from courses.services import enrollment_create, lesson_complete
from tests.certificates.factories import (
    completed_enrollment,
    course_with_quiz,
    take_quiz,
)
from tests.certificates.test_views_member import certificate_make
from tests.factories import EnrollmentFactory, LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_course_and_home_pages_say_the_certificate_is_ready(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = completed_enrollment()  # tasks run eagerly: issued, rendered
    certificate = Certificate.objects.get(user=enrollment.user)
    assert certificate.status == Certificate.Status.ISSUED
    client.force_login(enrollment.user)
    link = f"{reverse('certificates:mine')}#certificate-{certificate.pk}"
    for url in (enrollment.course.get_absolute_url(), reverse("home")):
        html = client.get(url).content.decode()
        assert "Votre certificat est prêt" in html, url
        assert link in html, url


def test_quiz_result_page_says_the_certificate_is_ready(
    client, django_capture_on_commit_callbacks
):
    course, text, quiz_lesson = course_with_quiz()
    enrollment = enrollment_create(user=LearnerFactory(), course=course)
    lesson_complete(enrollment=enrollment, lesson=text)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = take_quiz(enrollment, quiz_lesson)
    client.force_login(enrollment.user)
    url = reverse("courses:quiz-result", args=[course.slug, quiz_lesson.pk, attempt.pk])
    html = client.get(url).content.decode()
    assert "Bravo, quiz réussi !" in html
    assert "Votre certificat est prêt" in html


def test_in_preparation_the_block_polls_its_fragment_until_ready(client):
    user = LearnerFactory()
    enrollment = EnrollmentFactory(user=user)
    enrollment.completed_at = enrollment.enrolled_at
    enrollment.save()
    client.force_login(user)
    course = enrollment.course
    news_url = reverse("certificates:course-news", args=[course.slug])
    html = client.get(course.get_absolute_url()).content.decode()
    assert "Votre certificat est en préparation" in html
    assert f'hx-get="{news_url}"' in html
    assert 'aria-live="polite"' in html

    certificate_make(user=user, course=course)
    fragment = client.get(news_url).content.decode()
    assert "Votre certificat est prêt" in fragment
    assert "hx-get" not in fragment  # ready: it stops asking
    assert "<html" not in fragment


def test_nothing_is_said_before_completion_or_to_someone_else(client):
    enrollment = EnrollmentFactory()
    client.force_login(enrollment.user)
    html = client.get(enrollment.course.get_absolute_url()).content.decode()
    assert "Votre certificat" not in html
    other = completed_enrollment()
    response = client.get(reverse("certificates:course-news", args=[other.course.slug]))
    assert "Votre certificat" not in response.content.decode()
