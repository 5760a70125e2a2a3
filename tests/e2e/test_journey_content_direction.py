"""Journey: French content in the Arabic interface, Arabic content in the French one.

Léa (demo) browses in Arabic: the catalogue, the course page, a lesson, every
question of the quiz (choices, steps to order, pairs), its correction, "Mes
certificats", her certificate's verification page and her portfolio; Tom opens
the course's teach pages. On each page the French content computes `direction:
ltr` while the interface around it stays `rtl` (and, as on every page of every
journey, each `lang` reads in its own direction: tests/e2e/direction.py). In
French, an Arabic course's card and page read right to left.
"""

import html
import re

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import Course, Lesson
from members.models import User
from quizzes.models import Attempt, AttemptQuestion
from skills.models import Portfolio
from tests.e2e.conftest import PHONE
from tests.e2e.direction import assert_directions
from tests.e2e.quiz import answer_right, enter_on_submit, log_in, ready_for_the_quiz
from tests.factories import CourseFactory, LessonFactory, ModuleFactory

SLUG = "premiers-pas-smartphone"
DEMO_PASSWORD = "sirius-demo-2026"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SITE_URL = "http://sirius.test"


def _words(fragment: str, count: int = 4) -> str:
    """The first words of some HTML, as a person reads them."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    return " ".join(text.split()[:count])


def _choice_texts(aq: AttemptQuestion) -> tuple[str, ...]:
    return tuple(choice.text for choice in aq.question.choices.all())


def _answer_every_question(page, attempt) -> None:
    """Each question page in turn: the question and its choices, steps or pairs
    read left to right in the Arabic interface; then the right answer."""
    questions = (
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question")
        .prefetch_related("question__choices")
        .order_by("position")
    )
    for aq in questions:
        expect(page).to_have_url(re.compile(rf"/quiz/{attempt.pk}/{aq.position}/"))
        assert_directions(
            page,
            interface="rtl",
            ltr=(_words(aq.question.text_html), *_choice_texts(aq)),
        )
        answer_right(page, aq)
        enter_on_submit(page, name="go")


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="360x740")])
def test_journey_content_direction_french_course_in_the_arabic_interface(
    new_context, demo, media
):
    lea = User.objects.get(username="lea")
    course = Course.objects.get(slug=SLUG)
    quiz_lesson = ready_for_the_quiz(lea, SLUG)
    lesson = Lesson.objects.filter(module__course=course, kind="text").first()
    page = new_context(language="ar").new_page()
    log_in(page, lea, DEMO_PASSWORD)

    page.goto("/courses/")
    assert_directions(page, interface="rtl", ltr=(course.title, course.summary))

    page.goto(course.get_absolute_url())
    module = course.modules.order_by("position").first()
    assert_directions(
        page, interface="rtl", ltr=(course.title, module.title, lesson.title)
    )

    page.goto(lesson.get_absolute_url())
    assert_directions(
        page, interface="rtl", ltr=(lesson.title, _words(lesson.body_html))
    )

    # The quiz: every question, then the correction.
    page.goto(quiz_lesson.get_absolute_url())
    enter_on_submit(page, form_action_ends="/quiz/start/")
    expect(page).to_have_url(re.compile(r"/quiz/\d+/1/$"))
    attempt = Attempt.objects.get(user=lea, submitted_at=None)
    _answer_every_question(page, attempt)
    expect(page).to_have_url(re.compile(r"/summary/$"))
    # The summary names each question by its (French) words, read left to right.
    first = AttemptQuestion.objects.filter(attempt=attempt).order_by("position")[0]
    words = _words(first.question.text_html)
    expect(page.locator(".summary-text").first).to_contain_text(words)
    assert_directions(page, interface="rtl", ltr=(words,))
    enter_on_submit(page, form_action_ends="/submit/")
    expect(page).to_have_url(re.compile(r"/result/$"))
    first = AttemptQuestion.objects.filter(attempt=attempt).order_by("position")[0]
    expect(page.locator(".quiz-review")).to_be_visible()
    assert_directions(
        page, interface="rtl", ltr=(course.title, _words(first.question.text_html))
    )

    # Her certificate, its verification page, her portfolio.
    certificate = Certificate.objects.get(user=lea, course=course)
    page.goto("/certificates/")
    assert_directions(page, interface="rtl", ltr=(certificate.course_title,))
    page.goto(certificate.get_absolute_url())
    assert_directions(
        page,
        interface="rtl",
        ltr=(certificate.course_title, certificate.holder_name),
    )
    page.goto(f"/m/{Portfolio.objects.get(user=lea).slug}")
    assert_directions(
        page, interface="rtl", ltr=(certificate.course_title, "Léa Dubois")
    )

    # Tom, in Arabic too, opens the course's teach page and its preview.
    teacher = new_context(language="ar").new_page()
    log_in(teacher, User.objects.get(username="tom"), DEMO_PASSWORD)
    teacher.goto(f"/teach/courses/{course.pk}/")
    assert_directions(
        teacher, interface="rtl", ltr=(course.title, module.title, lesson.title)
    )
    teacher.goto(f"/teach/lessons/{lesson.pk}/preview/")
    assert_directions(
        teacher, interface="rtl", ltr=(lesson.title, _words(lesson.body_html))
    )


def test_journey_content_direction_arabic_course_in_the_french_interface(
    new_context, demo
):
    course = CourseFactory(
        language="ar",
        title="الهاتف الذكي للمبتدئين",
        summary="تعلّم استعمال هاتفك خطوة بخطوة.",
    )
    LessonFactory(module=ModuleFactory(course=course), title="تشغيل الهاتف")
    page = new_context(language="fr").new_page()

    page.goto("/courses/?language=ar")
    assert_directions(page, interface="ltr", rtl=(course.title, course.summary))
    page.goto(course.get_absolute_url())
    assert_directions(page, interface="ltr", rtl=(course.title, "تشغيل الهاتف"))
    # The French interface around it still reads left to right.
    assert_directions(page, ltr=("Le programme",))
