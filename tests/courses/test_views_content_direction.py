"""Course content keeps its own language and direction inside any interface:
a French lesson, quiz and course card on an Arabic page read left to right, an
Arabic course on a French page right to left, and the interface text nested in
them goes back to the page's language."""

import re

import pytest
from django.urls import reverse

from quizzes.models import Attempt, AttemptQuestion
from tests.factories import (
    CourseCompetenceFactory,
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    ModuleFactory,
)
from tests.quizzes.factories import quiz_make, right_payload

pytestmark = pytest.mark.django_db

FRENCH = 'lang="fr" dir="ltr"'
ARABIC = 'lang="ar" dir="rtl"'


def _page(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _lesson(course, **fields):
    return LessonFactory(module=ModuleFactory(course=course), **fields)


def test_views_content_direction_french_lesson_in_the_arabic_interface(client, learner):
    """The lesson, its title and its course link read left to right; the Listen
    button and the locked-lesson notice stay in the Arabic interface."""
    course = CourseFactory(language="fr", title="Premiers pas")
    lesson = _lesson(course, title="Envoyer un SMS")
    EnrollmentFactory(user=learner, course=course)
    client.force_login(learner)

    page = _page(client, lesson.get_absolute_url(), "ar")

    assert '<html lang="ar" dir="rtl">' in page
    assert f'<article class="lesson" {FRENCH}>' in page
    assert f'<a href="{course.get_absolute_url()}" {FRENCH}>Premiers pas</a>' in page
    assert f'<p {ARABIC}><button type="button" class="secondary listen"' in page


def test_views_content_direction_arabic_course_in_the_french_interface(client, learner):
    """An Arabic course reads right to left on French pages: its page, its
    catalogue card (whose facts stay French) and the learner's home."""
    course = CourseFactory(language="ar", title="الهاتف الذكي")
    _lesson(course, title="تشغيل الهاتف")
    CourseCompetenceFactory(course=course)
    EnrollmentFactory(user=learner, course=course)
    client.force_login(learner)

    detail = _page(client, course.get_absolute_url(), "fr")
    catalogue = _page(client, reverse("courses:catalogue"), "fr")
    home = _page(client, "/", "fr")

    assert f"<article {ARABIC}>\n  <h1>الهاتف الذكي</h1>" in detail
    assert f'<article class="course-card" {ARABIC}>' in catalogue
    assert f'<ul class="facts" {FRENCH}>' in catalogue
    # The competence names are French (no Arabic DigComp), inside the Arabic card.
    assert f"<span {FRENCH}>Naviguer, rechercher et filtrer" in catalogue
    assert f"<bdi {ARABIC}>تشغيل الهاتف</bdi>" in home
    assert f"{ARABIC}>الهاتف الذكي</a>" in home


def test_views_content_direction_quiz_question_choices_steps_and_pairs(client, learner):
    """In the Arabic interface, a French question, its choices, its steps to
    order and its pairs read left to right; legends and buttons stay Arabic."""
    course = CourseFactory(language="fr")
    quiz = quiz_make(kinds=["single", "ordering", "matching"], display="single_page")
    lesson = _lesson(course, kind="quiz", quiz=quiz)
    EnrollmentFactory(user=learner, course=course)
    client.force_login(learner)
    start = reverse("courses:quiz-start", args=[course.slug, lesson.pk])
    assert client.post(start).status_code == 302
    attempt = Attempt.objects.get(user=learner)

    page = _page(
        client,
        reverse("courses:quiz-all", args=[course.slug, lesson.pk, attempt.pk]),
        "ar",
    )

    assert f'class="question-text lesson-body" {FRENCH}>' in page
    assert f"<bdi {FRENCH}>Envoyer</bdi></label>" in page
    assert f'<span class="ordering-text" {FRENCH}>' in page
    # Each item to match is a label (shuffled), each list of answers a select.
    assert re.search(
        rf'<label for="id_q3-match_0"><bdi {FRENCH}>(Loupe|Corbeille|Trombone)</bdi>',
        page,
    )
    assert f'<select name="q3-match_0" {FRENCH}' in page
    assert '<span class="ordering-moves">' in page  # the buttons: the interface's


def test_views_content_direction_quiz_review_keeps_the_course_direction(
    client, learner
):
    """The correction shows the question, the answer and the feedback in the
    course's direction inside the Arabic result page."""
    course = CourseFactory(language="fr")
    quiz = quiz_make(kinds=["single"], review_policy="after_each")
    lesson = _lesson(course, kind="quiz", quiz=quiz)
    EnrollmentFactory(user=learner, course=course)
    client.force_login(learner)
    client.post(reverse("courses:quiz-start", args=[course.slug, lesson.pk]))
    attempt = Attempt.objects.get(user=learner)
    aq = AttemptQuestion.objects.get(attempt=attempt)
    args = [course.slug, lesson.pk, attempt.pk]
    client.post(
        reverse("courses:quiz-question", args=[*args, 1]),
        {"choice": str(right_payload(aq)["choice"]), "go": "summary"},
    )
    client.post(reverse("courses:quiz-submit", args=args))

    page = _page(client, reverse("courses:quiz-result", args=args), "ar")

    assert f'<div class="lesson-body" {FRENCH}><p>Quel bouton envoie' in page
    assert f"<span {FRENCH}>Envoyer</span>" in page
    assert f'<p class="feedback" {FRENCH}>Oui.</p>' in page


def test_views_content_direction_trainer_course_page(client, trainer):
    """The trainer's course page in Arabic: the French titles read left to
    right, and so do the module titles inside Arabic link texts."""
    course = CourseFactory(language="fr", title="Premiers pas", trainers=[trainer])
    _lesson(course, title="Envoyer un SMS")
    module = course.modules.get()
    client.force_login(trainer)

    page = _page(client, reverse("teach:course-detail", args=[course.pk]), "ar")

    assert f"<h1 {FRENCH}>Premiers pas</h1>" in page
    assert f"{FRENCH}>Envoyer un SMS</a>" in page
    assert f"<bdi {FRENCH}>{module.title}</bdi>" in page
