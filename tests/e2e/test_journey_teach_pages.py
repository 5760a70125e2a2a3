"""The trainer's pages on a phone, fr and ar: axe-clean, 44 px targets, no sideways
scrolling at 360 px."""

import pytest
from playwright.sync_api import expect

from courses.models import Course
from tests.e2e.axe import axe_report
from tests.e2e.conftest import PHONE
from tests.e2e.layout import page_width, small_targets
from tests.e2e.test_journey_login_cards import log_in

TRAINER, PASSWORD = "tom", "sirius-demo-2026"
SLUG = "premiers-pas-smartphone"


def _teach_paths() -> list[str]:
    """/teach/, the course form, a module page, a lesson form and the dashboard."""
    course = Course.objects.get(slug=SLUG)
    module = course.modules.first()
    lesson = module.lessons.first()
    return [
        "/teach/",
        "/teach/courses/new/",
        f"/teach/courses/{course.pk}/edit/",
        f"/teach/courses/{course.pk}/",
        f"/teach/modules/{module.pk}/",
        f"/teach/lessons/{lesson.pk}/",
        f"/teach/dashboard/{SLUG}/",
    ]


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="360x740")])
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_teach_pages_pass_axe_on_a_phone(new_context, demo, language, direction):
    page = new_context(language=language).new_page()
    log_in(page, TRAINER, PASSWORD)
    reports, small, wide = [], [], {}
    for path in _teach_paths():
        response = page.goto(path)
        assert response.ok, f"{path}: {response.status}"
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("html")).to_have_attribute("dir", direction)
        reports.append(axe_report(page))
        small += [f"{path} {target}" for target in small_targets(page)]
        if page_width(page) > PHONE["width"]:
            wide[path] = page_width(page)
    violations = "\n".join(report for report in reports if report)
    assert not violations, f"axe-core found violations on:\n{violations}"
    assert not small, "targets smaller than 44x44 px:\n" + "\n".join(small)
    assert not wide, f"wider than {PHONE['width']} px: {wide}"
