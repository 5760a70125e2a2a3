"""Journey: every person's pages on a 320 px phone, in French and in Arabic, need
no sideways scrolling, and each page's key actions are on screen or inside a named
scroll region (WCAG 1.4.10 Reflow, which axe-core does not check).

tests/e2e/conftest.py already loads again, at 320 px in fr and ar, every page any
journey visits; this journey names the pages of each role and their actions."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import Course, Lesson
from courses.services.learning import enrollment_create, lesson_complete
from members.models import LearnerGroup, User
from skills.models import Portfolio
from tests.e2e.layout import NARROW, reflow_problems, unreachable
from tests.e2e.test_journey_login_cards import PASSWORD, log_in

COURSE = "premiers-pas-smartphone"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _table_lesson() -> Lesson:
    """The lesson of "reperer-arnaques" with a table, open to Léa: enrolled, the
    lesson before it done."""
    lessons = Lesson.objects.filter(module__course__slug="reperer-arnaques")
    lesson = lessons.filter(body_html__contains="<table").order_by("pk").first()
    enrollment = enrollment_create(
        user=User.objects.get(username="lea"), course=lesson.module.course
    )
    for earlier in lessons.filter(pk__lt=lesson.pk):
        lesson_complete(enrollment=enrollment, lesson=earlier)
    return lesson


def _pages(role: str) -> list[tuple[str, str]]:
    """(path, CSS selector of the key actions on it) for each page of the role."""
    lesson = _table_lesson()
    lesson_path = reverse(
        "courses:lesson-detail", args=[lesson.module.course.slug, lesson.pk]
    )
    if role == "anonymous":
        certificate = Certificate.objects.filter(status="issued").first()
        public = Portfolio.objects.filter(visibility="public").first()
        return [
            ("/", "main a[role=button], main .big-button"),
            ("/accounts/login/", "main form button[type=submit]"),
            ("/accounts/signup/", "main form button[type=submit]"),
            ("/courses/", "search button[type=submit]"),
            (f"/courses/{COURSE}/", "main a[role=button], main button"),
            ("/accessibilite/", ""),
            ("/reussites/", "main form button[type=submit]"),
            ("/v/", "main form button[type=submit]"),
            *([(certificate.get_absolute_url(), "")] if certificate else []),
            *([(f"/m/{public.slug}", "")] if public else []),
        ]
    if role == "lea":
        lea = User.objects.get(username="lea")
        portfolio = Portfolio.objects.filter(user=lea).first()
        return [
            ("/", "main .big-button"),
            (f"/courses/{COURSE}/", "main .big-button"),
            (lesson_path, "main .lesson-nav a, main .lesson-nav button"),
            ("/certificates/", "main a[href$='/pdf/']"),
            ("/mon-portfolio/", "main form button[type=submit]"),
            *([(f"/m/{portfolio.slug}", "")] if portfolio else []),
            ("/me/data/", "main a[download]"),
            ("/me/interets/", ""),
            ("/mes-reussites/", ""),
            ("/mes-reussites/nouvelle/", "main form button[type=submit]"),
        ]
    if role == "tom":
        group = LearnerGroup.objects.filter(trainer__username="tom").first()
        course = Course.objects.get(slug=COURSE)
        certified = Certificate.objects.filter(status="issued").first().course
        return [
            ("/", ""),
            ("/groups/", "main a, main button"),
            (f"/groups/{group.pk}/", "main table button, main table a, main summary"),
            ("/groups/new/", "main form button[type=submit]"),
            ("/teach/", "main table a"),
            (f"/teach/courses/{course.pk}/", ".teach-actions a, .teach-actions button"),
            (f"/teach/courses/{certified.pk}/certificates/", "main table a"),
            (f"/teach/dashboard/{COURSE}/", "main a[download]"),
            (reverse("teach:lesson-preview", args=[lesson.pk]), ""),
            ("/teach/partages/", ""),
            ("/teach/archives/import/", "main form button[type=submit]"),
        ]
    if role == "paula":
        return [
            ("/", ""),
            ("/partners/members/", "search button[type=submit], main table a"),
            (
                "/partners/members/?competence=2.1&min_level=3",
                "search button[type=submit], main table a",
            ),
            ("/partners/interets/", ""),
            ("/partners/verify/", "main form button[type=submit]"),
        ]
    if role == "admin":
        return [
            ("/equipe/reussites/", ""),
            ("/teach/h5p/libraries/", ""),
        ]
    raise ValueError(role)


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("role", ["anonymous", "lea", "tom", "paula", "admin"])
def test_journey_reflow_every_page_at_320px(new_context, demo, media, role, language):
    """Each page of the role, at 320x640: no sideways scrolling, nothing sticking
    out of the window (on the left too, in Arabic), and every key action on
    screen or inside a named region the keyboard can scroll."""
    page = new_context(language=language, size=NARROW).new_page()
    if role != "anonymous":
        log_in(page, role, PASSWORD)
    problems = []
    for path, actions in _pages(role):
        response = page.goto(path)
        assert response.ok, f"{path} answered {response.status}"
        expect(page.locator("html")).to_have_attribute("lang", language)
        problems += [f"{path}: {problem}" for problem in reflow_problems(page)]
        targets = page.locator(actions) if actions else None
        if targets is not None:
            assert targets.count(), f"{path}: no {actions!r} on the page"
            for index in range(targets.count()):
                if why := unreachable(targets.nth(index)):
                    problems.append(f"{path}: {why}")
    assert not problems, f"{role} at 320 px in {language}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_journey_reflow_partner_filter_button_in_view(new_context, demo, language):
    """On a 320 px phone Paula sees "Filtrer" below the two lists, presses it,
    and reads the members as stacked rows, each saying what its column is."""
    page = new_context(language=language, size=NARROW).new_page()
    log_in(page, "paula", PASSWORD)
    page.goto("/partners/members/")
    page.locator("#id_competence").select_option("2.1")
    button = page.locator("search button[type=submit]")
    assert unreachable(button) == ""
    button.click()
    expect(page).to_have_url(re.compile(r"competence=2\.1"))
    row = page.locator("table.partner-members tbody tr").first
    expect(row).to_be_visible()
    label = page.evaluate(
        "el => getComputedStyle(el, '::before').content",
        row.locator("td[data-label]").element_handle(),
    )
    assert label.strip('"') == row.locator("td").get_attribute("data-label")
    assert reflow_problems(page) == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_journey_reflow_lesson_table_scrolls_in_a_named_region(
    new_context, demo, language
):
    """A lesson's Markdown table sits in a region named by its headings that the
    keyboard reaches and scrolls; the page itself does not scroll sideways."""
    lesson = _table_lesson()
    page = new_context(language=language, size=NARROW).new_page()
    log_in(page, "lea", PASSWORD)
    page.goto(
        reverse("courses:lesson-detail", args=[lesson.module.course.slug, lesson.pk])
    )
    region = page.locator(".lesson-body [role=region].table-scroll").first
    expect(region).to_have_attribute("tabindex", "0")
    headings = region.locator("th").all_inner_texts()
    expect(region).to_have_attribute("aria-label", ", ".join(headings))
    assert reflow_problems(page) == []


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("size", [NARROW, {"width": 1280, "height": 800}], ids=str)
def test_journey_reflow_help_with_a_long_trainer_address(
    new_context, demo, language, size
):
    """ "Besoin d'aide ?" with a long e-mail address for the trainer: closed, its
    content is not on screen (Chromium still lays it out past the window's edge,
    which the reflow check must not count); opened, the address is in the window."""
    lea = User.objects.get(username="lea")
    lea.created_by.email = "formatrice.espace-public-numerique.liege@example.org"
    lea.created_by.save(update_fields=["email"])
    page = new_context(language=language, size=size).new_page()
    log_in(page, "lea", PASSWORD)
    page.goto("/")
    assert reflow_problems(page) == []
    page.locator("details.help summary").click()
    address = page.locator("details.help a[href^='mailto:']")
    expect(address).to_be_visible()
    assert unreachable(address) == ""
    assert reflow_problems(page) == []
