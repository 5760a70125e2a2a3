"""Journey: a learner plays an H5P activity in a lesson; the attempt and the
lesson's progress are recorded; the player page passes axe in fr and ar."""

import re
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from courses.demo import DEMO_H5P_COURSE, demo_h5p_package
from courses.h5p.services import h5p_lesson_create
from courses.models import Lesson, LessonProgress, Module
from courses.services import enrollment_create
from h5p.models import Attempt, SavedState
from h5p.services import package_install
from members.models import User
from tests.e2e.axe import RUN_AXE, WCAG_TAGS, _axe_source, axe_report
from tests.e2e.conftest import PHONE
from tests.e2e.layout import page_width, small_targets

PASSWORD = "sirius-demo-2026"
REAL_PACKAGE = (
    Path(django_settings.BASE_DIR).parent
    / "shared"
    / "fixtures"
    / "h5p"
    / "h5p-test.h5p"
)


@pytest.fixture
def h5p_demo(settings, tmp_path, transactional_db):
    """Stored files under the test's folder, then the demo (with its activity)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


def _log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_count(0)


def _open_lesson_for(learner: User, lesson: Lesson) -> str:
    """Enrols the learner and reads the lessons before it: the activity is open."""
    course = lesson.module.course
    enrollment = enrollment_create(user=learner, course=course)
    LessonProgress.objects.bulk_create(
        (
            LessonProgress(enrollment=enrollment, lesson=each)
            for each in Lesson.objects.filter(module=lesson.module, kind="text")
        ),
        ignore_conflicts=True,
    )
    return f"/courses/{course.slug}/lessons/{lesson.pk}/"


def _axe_report_under_policy(page) -> str:
    """axe-core run through the DevTools protocol: the page's policy forbids the
    inline script tag that tests.e2e.axe would add (which proves the policy)."""
    page.evaluate(_axe_source())
    lines = []
    for violation in page.evaluate(RUN_AXE, WCAG_TAGS)["violations"]:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
        )
        lines += [f"    {' '.join(map(str, n['target']))}" for n in violation["nodes"]]
    return f"{page.url}\n" + "\n".join(lines) if lines else ""


def _wait_for(condition, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def _player_ready(page):
    expect(page.locator("#h5p-player[data-ready=true]")).to_have_count(1)


@pytest.mark.parametrize("viewport", [PHONE])
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_h5p_demo_activity_passes_axe_and_finishes(
    h5p_demo, demo, new_context, language, direction
):
    """Léa opens the demo's H5P lesson (our own content type): axe-clean in
    fr and ar, no policy violation; answering records her attempt (max 1, the
    right raw) and marks the lesson done."""
    lea = User.objects.get(username="lea")
    lesson = Lesson.objects.get(module__course__slug=DEMO_H5P_COURSE, kind="h5p")
    url = _open_lesson_for(lea, lesson)
    page = new_context(language=language).new_page()
    blocked = []
    page.on(
        "console",
        lambda m: (
            blocked.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    _log_in(page, "lea")
    response = page.goto(url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("html")).to_have_attribute("dir", direction)
    _player_ready(page)
    right = page.locator("#h5p-player").get_by_role("button", name="Non")
    expect(right).to_be_visible()
    report = _axe_report_under_policy(page)
    assert not report, f"axe-core found violations on {report}"

    right.click()
    expect(page.locator("#h5p-player[data-finished=true]")).to_have_count(1)
    if language == "fr":
        expect(page.locator("#h5p-status")).to_contain_text("Activité terminée")
        expect(page.locator("#h5p-status")).to_contain_text(
            "Votre score (auto-évaluation) : 1 sur 1."
        )
    expect(page.locator("#h5p-player .sirius-check-feedback")).to_contain_text("Bravo")

    attempt = Attempt.objects.get(user=lea, content=lesson.h5p_content)
    assert attempt.completed and attempt.max == 1 and attempt.raw == 1
    assert LessonProgress.objects.filter(enrollment__user=lea, lesson=lesson).exists()
    # The state is saved a moment after the answer (and when the page hides).
    _wait_for(lambda: SavedState.objects.filter(user=lea).exists())
    page.reload()
    _player_ready(page)
    # The saved state brings her answer back.
    expect(page.locator("#h5p-player button[aria-pressed=true]")).to_have_text("Non")
    assert not blocked, blocked


@pytest.mark.skipif(not REAL_PACKAGE.exists(), reason=f"{REAL_PACKAGE} is absent")
def test_journey_h5p_real_package_true_false(h5p_demo, demo, page):
    """Acceptance: staff install the official True/False export, a trainer places
    it in a lesson, Léa answers it in Chromium: the attempt has max 1 and the
    right raw, and the lesson shows as done."""
    admin = User.objects.get(username="admin")
    tom = User.objects.get(username="tom")
    lea = User.objects.get(username="lea")
    upload = SimpleUploadedFile(
        "h5p-test.h5p", REAL_PACKAGE.read_bytes(), content_type="application/zip"
    )
    content = package_install(upload=upload, user=admin)
    module = (
        Module.objects.filter(course__slug=DEMO_H5P_COURSE, course__trainers=tom)
        .order_by("position")
        .last()
    )
    lesson = h5p_lesson_create(
        module=module, title=content.title, minutes=2, required=False, content=content
    )
    url = _open_lesson_for(lea, lesson)
    blocked = []
    page.on(
        "console",
        lambda m: (
            blocked.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    _log_in(page, "lea")
    page.goto(url)
    _player_ready(page)
    player = page.locator("#h5p-player")
    true_answer = player.get_by_role("radio", name="True")
    if not true_answer.count():
        true_answer = player.locator(".h5p-true-false-answer").first
    expect(true_answer).to_be_visible(timeout=15_000)
    true_answer.click()
    check = player.get_by_role("button", name="Check")
    if check.count():
        check.first.click()
    expect(page.locator("#h5p-player[data-finished=true]")).to_have_count(1)

    attempt = Attempt.objects.get(user=lea, content=content, completed=True)
    assert attempt.max == 1
    assert attempt.raw in (0, 1)
    correct = content.content_json.get("correct") == "true"
    assert attempt.raw == (1 if correct else 0)
    assert LessonProgress.objects.filter(enrollment__user=lea, lesson=lesson).exists()
    page.reload()
    expect(page.locator("#h5p-status")).to_contain_text(
        "Vous avez déjà terminé cette activité."
    )
    assert not blocked, blocked


@pytest.mark.parametrize("viewport", [PHONE])
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_h5p_trainer_uploads_and_pages_pass_axe(
    h5p_demo, demo, new_context, language, direction
):
    """Tom uploads the demo's package as a lesson through the page (its library
    is installed already), lands on its title and libraries, opens the preview;
    staff open the libraries page. All axe-clean on a phone, fr and ar, with
    44 px targets and no sideways scrolling."""
    module = Module.objects.filter(course__slug=DEMO_H5P_COURSE).order_by("position")[1]
    page = new_context(language=language).new_page()
    _log_in(page, "tom")
    page.goto(f"/teach/modules/{module.pk}/h5p/new/")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    reports = [axe_report(page)]
    small = small_targets(page)
    package = demo_h5p_package()
    page.locator("input[name=package]").set_input_files(
        {"name": package.name, "mimeType": "application/zip", "buffer": package.read()}
    )
    page.locator("input[name=title]").fill("Le code secret, encore")
    page.locator("main form button[type=submit]").click()
    lesson = Lesson.objects.get(module=module, kind="h5p")
    expect(page).to_have_url(re.compile(rf"/teach/lessons/{lesson.pk}/h5p/$"))
    expect(page.locator("main")).to_contain_text("H5P.SiriusCheck 1.0.0")
    reports.append(axe_report(page))
    small += small_targets(page)
    wide = {page.url: page_width(page)}

    page.goto(f"/teach/lessons/{lesson.pk}/preview/")
    _player_ready(page)
    expect(
        page.locator("#h5p-player").get_by_role("button", name="Non")
    ).to_be_visible()
    reports.append(_axe_report_under_policy(page))
    wide[page.url] = page_width(page)

    staff = new_context(language=language).new_page()
    _log_in(staff, "admin")
    staff.goto("/teach/h5p/libraries/")
    expect(staff.locator("main")).to_contain_text("H5P.SiriusCheck")
    expect(staff.locator("main")).to_contain_text("le code secret")
    reports.append(axe_report(staff))
    small += small_targets(staff)
    violations = "\n".join(report for report in reports if report)
    assert not violations, f"axe-core found violations on:\n{violations}"
    assert not small, "targets smaller than 44x44 px:\n" + "\n".join(small)
    assert max(wide.values()) <= PHONE["width"], wide
