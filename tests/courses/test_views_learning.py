"""Course page, enrolment and the lesson player, as a learner uses them."""

import pytest
from django.urls import reverse

from courses.models import Enrollment, LessonProgress
from tests.factories import (
    CourseCompetenceFactory,
    CourseFactory,
    EnrollmentFactory,
    LearnerFactory,
    LessonFactory,
    ModuleFactory,
)

pytestmark = pytest.mark.django_db


def _course(count=3, **module_options):
    module = ModuleFactory(**module_options)
    lessons = [
        LessonFactory(
            module=module, position=n, title=f"Leçon {n}", body_html=f"<p>Texte {n}</p>"
        )
        for n in range(count)
    ]
    return module.course, lessons


def _lesson_url(lesson, action="detail"):
    return reverse(
        f"courses:lesson-{action}", args=[lesson.module.course.slug, lesson.pk]
    )


def test_views_learning_course_page_shows_competences_syllabus_and_enrol(client):
    """A visitor sees the competences, lesson minutes and an enrol button."""
    course, _lessons = _course()
    CourseCompetenceFactory(course=course, level=2)

    page = client.get(course.get_absolute_url()).content.decode()

    assert "1.1" in page and "niveau 2" in page
    assert "Leçon 2" in page and "5 minutes" in page
    assert "S&#x27;inscrire" in page or "S'inscrire" in page


def test_views_learning_missing_prerequisite_named_and_linked(client, learner):
    """A learner missing a prerequisite is told which, with a link to it."""
    basics = CourseFactory(title="Premiers pas")
    course, _lessons = _course()
    course.prerequisites.add(basics)
    client.force_login(learner)

    page = client.get(course.get_absolute_url()).content.decode()

    assert (
        f'<a href="{basics.get_absolute_url()}" lang="fr" dir="ltr">Premiers pas</a>'
        in page
    )
    assert reverse("courses:course-enroll", args=[course.slug]) not in page


def test_views_learning_anonymous_enrol_goes_to_log_in(client):
    """A visitor pressing S'inscrire is sent to log in, then back to the course."""
    course, _lessons = _course()

    response = client.post(reverse("courses:course-enroll", args=[course.slug]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert f"next=/courses/{course.slug}/" in response.url
    assert not Enrollment.objects.exists()


def test_views_learning_enrol_then_continue(client, learner):
    """After enrolling, the course page shows progress and Continuer to lesson 1."""
    course, lessons = _course()
    client.force_login(learner)

    response = client.post(
        reverse("courses:course-enroll", args=[course.slug]), follow=True
    )

    page = response.content.decode()
    assert Enrollment.objects.filter(user=learner, course=course).exists()
    assert '<progress max="100" value="0"' in page
    assert "0 % fait : 0 leçon" in page  # "leçon" once the catalogue has the pair
    assert (
        f'href="{_lesson_url(lessons[0])}">'
        'Continuer : <bdi lang="fr" dir="ltr">Leçon 0</bdi></a>'
    ) in page


def test_views_learning_continue_opens_next_lesson(client, learner):
    """Continuer marks the lesson done and opens the next one."""
    course, lessons = _course(unlock_in_order=True)
    EnrollmentFactory(user=learner, course=course)
    client.force_login(learner)

    response = client.post(_lesson_url(lessons[0], "complete"))

    assert response.status_code == 302
    assert response.url == _lesson_url(lessons[1])
    page = client.get(response.url).content.decode()
    assert "<p>Texte 1</p>" in page
    assert "33 % fait : 1 leçon sur 3." in page
    assert "Signaler un problème" in page and "mailto:" in page


def test_views_learning_last_lesson_congratulates(client, learner):
    """Finishing the last lesson returns to the course page with a congratulation."""
    course, lessons = _course(count=1)
    EnrollmentFactory(user=learner, course=course)
    client.force_login(learner)

    response = client.post(_lesson_url(lessons[0], "complete"), follow=True)

    assert response.redirect_chain[-1][0] == course.get_absolute_url()
    assert "Bravo" in response.content.decode()
    assert Enrollment.objects.get(user=learner).completed_at is not None


def test_views_learning_other_learners_and_courses_lessons_are_404(client, learner):
    """A course one does not follow, or another course's lesson, is a 404."""
    course, lessons = _course()
    other_course, other_lessons = _course()
    EnrollmentFactory(user=learner, course=course)
    EnrollmentFactory(user=LearnerFactory(), course=other_course)
    client.force_login(learner)

    wrong_course_url = reverse(
        "courses:lesson-detail", args=[course.slug, other_lessons[0].pk]
    )
    assert client.get(_lesson_url(other_lessons[0])).status_code == 404
    assert client.get(wrong_course_url).status_code == 404
    assert client.post(_lesson_url(other_lessons[0], "complete")).status_code == 404
    assert not LessonProgress.objects.exists()


def test_views_learning_lesson_needs_log_in(client):
    """A visitor opening a lesson is sent to log in."""
    _course_, lessons = _course()

    response = client.get(_lesson_url(lessons[0]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_views_learning_locked_lesson_explains_and_refuses(client, learner):
    """A locked lesson says which lesson to finish first and cannot be completed."""
    course, lessons = _course(unlock_in_order=True)
    EnrollmentFactory(user=learner, course=course)
    client.force_login(learner)

    page = client.get(_lesson_url(lessons[2])).content.decode()
    response = client.post(_lesson_url(lessons[2], "complete"), follow=True)

    expected = f'<a href="{_lesson_url(lessons[0])}">Terminez d&#x27;abord la leçon'
    assert expected in page
    assert "<p>Texte 2</p>" not in page
    assert _lesson_url(lessons[2], "complete") not in page
    # The message after the refusal is plain text; the page isolates the title.
    assert "Terminez d&#x27;abord la leçon « Leçon 0 »." in response.content.decode()
    assert '« <bdi lang="fr" dir="ltr">Leçon 0</bdi> »' in page
    assert not LessonProgress.objects.exists()


def test_views_learning_get_never_completes(client, learner):
    """Opening a lesson, even its complete address, records nothing."""
    course, lessons = _course()
    EnrollmentFactory(user=learner, course=course)
    client.force_login(learner)

    client.get(_lesson_url(lessons[0]))
    response = client.get(_lesson_url(lessons[0], "complete"))

    assert response.status_code == 405
    assert not LessonProgress.objects.exists()


def test_views_learning_home_continue_first_then_courses(client, learner):
    """The learner's home starts with Continuer : <lesson>, then progress bars."""
    course, lessons = _course()
    enrollment = EnrollmentFactory(user=learner, course=course)
    LessonProgress.objects.create(enrollment=enrollment, lesson=lessons[0])
    client.force_login(learner)

    page = client.get("/").content.decode()

    continue_link = (
        f'href="{_lesson_url(lessons[1])}">'
        'Continuer : <bdi lang="fr" dir="ltr">Leçon 1</bdi></a>'
    )
    assert continue_link in page
    assert page.index(continue_link) < page.index("<progress")
    assert "33 % fait : 1 leçon sur 3." in page


def test_views_learning_continue_on_done_lesson_moves_forward(client, learner):
    """Continuer on a lesson already done opens the next one not done after it."""
    course, lessons = _course(count=4)
    enrollment = EnrollmentFactory(user=learner, course=course)
    LessonProgress.objects.create(enrollment=enrollment, lesson=lessons[1])
    client.force_login(learner)

    response = client.post(_lesson_url(lessons[1], "complete"))

    assert response.url == _lesson_url(lessons[2])
