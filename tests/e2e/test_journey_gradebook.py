"""Journey: a trainer reads a course's gradebook, filters it by his group, sorts
it and downloads it as an Excel workbook."""

import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Lesson
from members.models import User
from quizzes.models import Attempt
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.layout import page_width, small_targets
from tests.e2e.test_journey_login_cards import PASSWORD, log_in

SLUG = "premiers-pas-smartphone"
DASHBOARD = f"/teach/dashboard/{SLUG}/"
GRADEBOOK = f"/teach/dashboard/{SLUG}/gradebook/"
GROUP = "Mardi matin — Espace public numérique"


def _lea_passes_the_quiz() -> Lesson:
    """Léa took the demo course's quiz twice: 40 %, then 80 % (a pass)."""
    lea = User.objects.get(username="lea")
    lesson = Lesson.objects.get(module__course__slug=SLUG, kind=Lesson.Kind.QUIZ)
    now = timezone.now()
    for number, score in enumerate((40, 80), start=1):
        Attempt.objects.create(
            quiz=lesson.quiz,
            user=lea,
            number=number,
            started_at=now,
            submitted_at=now,
            question_count=5,
            correct_count=score // 20,
            score_percent=score,
            passed=score >= lesson.quiz.pass_mark,
        )
    return lesson


@pytest.mark.parametrize(
    ("language", "size"),
    [
        pytest.param("fr", DESKTOP, id="fr-1280x800"),
        pytest.param("ar", PHONE, id="ar-360x740"),
    ],
)
def test_journey_gradebook_trainer_filters_sorts_and_downloads(
    new_context, demo, language, size
):
    """Tom opens the gradebook from the dashboard, finds Léa's 80 %, filters by
    his group, sorts by the quiz, and downloads the same rows as a workbook."""
    from openpyxl import load_workbook

    lesson = _lea_passes_the_quiz()
    page = new_context(language=language, size=size).new_page()
    log_in(page, "tom", PASSWORD)
    page.goto(DASHBOARD)
    page.locator(f"a[href='{GRADEBOOK}']").click()
    expect(page).to_have_url(re.compile(re.escape(GRADEBOOK) + "$"))

    lea = page.locator("table.gradebook tbody tr", has_text="Léa Dubois")
    expect(lea).to_have_count(1)
    expect(lea.locator(".gradebook-best")).to_contain_text("80")
    expect(lea.locator(".certificate-state")).to_have_attribute("data-state", "none")
    assert_axe_clean(page)
    assert small_targets(page) == []
    assert page_width(page) <= size["width"]

    # His group and the quiz's best score, highest first: by GET, no script needed.
    page.locator("select[name=group]").select_option(label=GROUP)
    page.locator("select[name=order]").select_option(f"-quiz-{lesson.quiz_id}")
    page.locator("form.gradebook-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"group=\d+.*order=-quiz-"))
    rows = page.locator("table.gradebook tbody tr")
    expect(rows.first).to_contain_text("Léa Dubois")
    expect(page.locator("select[name=group] option:checked")).to_have_text(GROUP)
    assert_axe_clean(page)

    with page.expect_download() as download:
        page.locator("a[href*='gradebook.xlsx']").click()
    assert download.value.suggested_filename == f"{SLUG}-carnet-de-notes.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    header, *learners = sheet
    # Username, first name, last name, then the quiz's best score (by position:
    # the headers are translated).
    assert header[3].startswith(lesson.title)
    [row] = [row for row in learners if row[0] == "lea"]
    assert row[3] == "80"
    # The filter came along: only the group's learners are in the file.
    assert [row[0] for row in learners] == ["lea"]
