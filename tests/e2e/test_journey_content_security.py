"""Journey: the main pages of each role run under the Content-Security-Policy in
Chromium, and nothing on them is refused (no inline script or style, no foreign
source): home, catalogue, lessons, a quiz, an H5P activity, certificates, the
portfolio, verification, partner, trainer and staff pages.

Every journey fails on a refused resource (tests/e2e/conftest.py, policy.py);
this one walks the pages on purpose and checks that each carries the policy."""

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.demo import DEMO_H5P_COURSE
from courses.models import Course, Lesson
from members.models import User
from skills.models import Portfolio
from stories.models import Story
from tests.e2e.conftest import DESKTOP
from tests.e2e.policy import watch_policy
from tests.e2e.test_journey_h5p import _open_lesson_for
from tests.e2e.test_journey_login_cards import log_in

PASSWORD = "sirius-demo-2026"


@pytest.fixture
def media(settings, tmp_path):
    """Stored files (the demo's H5P activity, PDFs) under the test's folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.VERIFICATION_RATE_LIMIT = "1000/m"


def _visit(page, url: str) -> None:
    """Opens the page; it answers, carries the strict policy, and has loaded."""
    response = page.goto(url)
    assert response.ok, f"{url}: {response.status}"
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy, f"{url}: policy {policy!r}"
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    page.wait_for_load_state("networkidle")


def _walk(new_context, username: str | None, urls: list[str]) -> None:
    page = new_context(language="fr").new_page()
    if username:
        log_in(page, username, PASSWORD)
    for url in urls:
        _visit(page, url)


def test_journey_content_security_every_role_main_pages(media, demo, new_context):
    """A visitor, Léa (learner), Paula (partner), Tom (trainer) and the staff
    account each walk their main pages: every page has the policy and the
    browser refuses nothing on any of them."""
    lea = User.objects.get(username="lea")
    certificate = Certificate.objects.filter(user=lea).first()
    public = Portfolio.objects.filter(visibility=Portfolio.Visibility.PUBLIC).first()
    story = Story.objects.filter(status=Story.Status.PUBLISHED).first()
    course = "/courses/premiers-pas-smartphone/"
    visitor = ["/", "/courses/", course, "/v/", "/accounts/login/", "/reussites/"]
    if certificate:
        visitor.append(f"/v/{certificate.display_code}")
    if public:
        visitor.append(public.get_absolute_url())
    if story:
        visitor.append(story.get_absolute_url())
    _walk(new_context, None, visitor)

    h5p = Lesson.objects.get(module__course__slug=DEMO_H5P_COURSE, kind="h5p")
    quiz = (
        Lesson.objects.filter(kind="quiz", module__course__prerequisites=None)
        .order_by("pk")
        .first()
    )
    text = Lesson.objects.filter(
        kind="text", module__course__slug="premiers-pas-smartphone"
    ).first()
    learner = ["/", course, text.get_absolute_url(), _open_lesson_for(lea, h5p)]
    if quiz:
        learner.append(_open_lesson_for(lea, quiz))
    learner += ["/certificates/", "/mon-portfolio/", "/me/data/", "/me/interets/"]
    page = new_context(language="fr").new_page()
    log_in(page, "lea", PASSWORD)
    for url in learner:
        _visit(page, url)
        if url == learner[3]:  # the H5P activity: the player has started
            expect(page.locator("#h5p-player[data-ready=true]")).to_have_count(1)

    _walk(
        new_context,
        "paula",
        ["/", "/partners/verify/", "/partners/members/", "/partners/interets/"],
    )
    taught = Course.objects.filter(trainers__username="tom").order_by("pk").first()
    lesson = Lesson.objects.filter(module__course=taught).order_by("pk").first()
    _walk(
        new_context,
        "tom",
        [
            "/",
            "/teach/",
            f"/teach/courses/{taught.pk}/",
            f"/teach/lessons/{lesson.pk}/",
            f"/teach/lessons/{lesson.pk}/preview/",
            f"/teach/lessons/{h5p.pk}/preview/",
            f"/teach/dashboard/{taught.slug}/",
            "/groups/",
        ],
    )
    _walk(new_context, "admin", ["/api/docs/", "/admin/"])


def test_journey_content_security_refusal_is_seen(demo, browser, live_server):
    """The watch works: a style slipped into the page inline is refused and
    reported, so a clean walk means clean pages, not a deaf listener. (Its own
    context: the journeys' watch would fail this test.)"""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    try:
        found = watch_policy(context)
        page = context.new_page()
        _visit(page, "/")
        page.evaluate(
            "document.body.insertAdjacentHTML('beforeend',"
            ' \'<p id="slipped" style="color: red">x</p>\')'
        )
        expect(page.locator("#slipped")).to_be_attached()
        page.wait_for_timeout(300)
        assert any("style-src" in line for line in found), found
    finally:
        context.close()
