"""Journey: tom shares a demo course under a licence, nadia (another
organisation) copies it from the shared modules, edits a lesson of her copy and
publishes it; the original is unchanged and the copy's learner page credits it.
The share form and the shared catalogue are axe-clean in French and Arabic."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import Course, Lesson, Licence
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import PHONE
from tests.e2e.layout import small_targets
from tests.e2e.test_journey_login_cards import PASSWORD, log_in

SLUG = "reperer-arnaques"


def _first_text_lesson(course: Course) -> Lesson:
    return (
        Lesson.objects.filter(module__course=course, kind="text")
        .order_by("module__position", "position", "id")
        .first()
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Copies write their files under the test's own folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.parametrize("viewport", [PHONE])
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_sharing_share_copy_edit(new_context, demo, language, direction):
    original = Course.objects.get(slug=SLUG)
    original_lesson = _first_text_lesson(original)
    original_text = original_lesson.body_markdown

    # tom shares his course from its page in /teach/.
    tom = new_context(language=language).new_page()
    log_in(tom, "tom", PASSWORD)
    tom.goto(f"/teach/courses/{original.pk}/")
    tom.locator(f"a[href='/teach/courses/{original.pk}/partage/']").click()
    expect(tom.locator("html")).to_have_attribute("dir", direction)
    expect(tom.locator("input[name=licence][value='CC-BY-SA-4.0']")).to_be_checked()
    assert_axe_clean(tom)
    assert small_targets(tom) == []
    tom.locator("main form.teach-form button[type=submit]").click()
    expect(tom.locator(".share-status")).to_contain_text("Coopérative Sirius (démo)")
    original.refresh_from_db()
    assert original.licence == Licence.CC_BY_SA
    assert_axe_clean(tom)

    # nadia finds it among the shared modules and copies it.
    nadia = new_context(language=language).new_page()
    log_in(nadia, "nadia", PASSWORD)
    nadia.goto("/teach/partages/")
    card = nadia.locator(f"article[aria-labelledby='shared-{original.pk}']")
    expect(card).to_contain_text("CC BY-SA 4.0")
    expect(card).to_contain_text("Coopérative Sirius (démo)")
    assert_axe_clean(nadia)
    assert small_targets(nadia) == []
    card.locator(f"a[href='/teach/partages/{original.pk}/copier/']").click()
    assert_axe_clean(nadia)
    nadia.locator("main form button[type=submit]").click()
    expect(nadia).to_have_url(re.compile(r"/teach/courses/\d+/$"))
    copy = Course.objects.get(based_on=original)
    assert nadia.url.endswith(f"/teach/courses/{copy.pk}/")
    expect(nadia.locator(".attribution")).to_contain_text("Coopérative Sirius (démo)")

    # She edits the first lesson of her copy; tom's lesson stays as it was.
    copied_lesson = _first_text_lesson(copy)
    nadia.locator(f"a[href='/teach/lessons/{copied_lesson.pk}/']").click()
    nadia.locator("textarea[name=body_markdown]").fill("Ma version pour mon groupe.")
    nadia.locator("main form.teach-form button[type=submit]:not([name])").click()
    expect(nadia.locator(".message").first).to_be_visible()
    copied_lesson.refresh_from_db()
    original_lesson.refresh_from_db()
    assert copied_lesson.body_markdown == "Ma version pour mon groupe."
    assert original_lesson.body_markdown == original_text

    # Published, her copy's learner page credits the original and its licence.
    nadia.goto(f"/teach/courses/{copy.pk}/")
    nadia.locator(f"form[action='/teach/courses/{copy.pk}/publish/'] button").click()
    copy.refresh_from_db()
    assert copy.status == Course.Status.PUBLISHED
    visitor = new_context(language=language).new_page()
    visitor.goto(f"/courses/{copy.slug}/")
    credit = visitor.locator(".attribution")
    expect(credit).to_contain_text(original.title)
    expect(credit).to_contain_text("Coopérative Sirius (démo)")
    expect(credit.locator("a[rel=license]")).to_have_text("CC BY-SA 4.0")
    assert_axe_clean(visitor)
