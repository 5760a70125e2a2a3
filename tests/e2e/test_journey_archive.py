"""Journey: tom exports "Repérer les arnaques en ligne" as an archive; the
platform is emptied of it (course, H5P activity and libraries, files), as a
fresh instance would be; tom's import is refused, naming the H5P libraries only
an administrator may install; the administrator imports it as a draft and
publishes it; a learner reads its first lesson, passes the quiz and plays
the H5P activity. The import page is axe-clean in fr and ar on a phone."""

import re
from pathlib import Path

import pytest
from django.db.models import ProtectedError, RestrictedError
from playwright.sync_api import expect

from courses.demo import DEMO_H5P_COURSE
from courses.models import Course, Lesson, LessonProgress
from courses.services import enrollment_create
from h5p.models import Attempt as H5PAttempt
from h5p.models import Content, Library
from members.models import User
from quizzes.models import Attempt
from tests.e2e.axe import axe_report
from tests.e2e.conftest import PHONE
from tests.e2e.layout import page_width, small_targets
from tests.e2e.quiz import enter_on_submit, pass_the_quiz
from tests.e2e.test_journey_h5p import _player_ready

PASSWORD = "sirius-demo-2026"
TITLE = "Repérer les arnaques en ligne"


@pytest.fixture
def media(settings, tmp_path, transactional_db) -> Path:
    """Stored files under the test's folder (before the demo stores any)."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root


def _log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_count(0)


def _delete(rows) -> None:
    """Deletes the rows and, first, whatever protects them (certificates, the
    skills they awarded, enrolments...): what a fresh database never had."""
    for row in list(rows):
        while True:
            try:
                row.delete()
                break
            except (ProtectedError, RestrictedError) as error:
                blockers = getattr(error, "protected_objects", None) or getattr(
                    error, "restricted_objects", ()
                )
                _delete(blockers)


def _instance_forgets(slug: str, media: Path) -> None:
    """The course, its quiz and bank, every H5P activity and library, and every
    stored file are gone."""
    course = Course.objects.get(slug=slug)
    bank = course.question_bank
    quizzes = [lesson.quiz for lesson in Lesson.objects.filter(
        module__course=course, kind="quiz"
    )]  # fmt: skip
    _delete([course])
    _delete(quizzes)
    if bank is not None:
        _delete([bank])
    _delete(Content.objects.all())
    _delete(Library.objects.all())
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Course.objects.filter(title=TITLE).exists()


def _upload(page, archive: Path) -> None:
    page.locator("input[name=archive]").set_input_files(str(archive))
    page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("viewport", [PHONE])
def test_journey_archive_export_then_import_into_a_fresh_instance(
    media, demo, new_context, tmp_path
):
    tom = User.objects.get(username="tom")
    original = Course.objects.get(slug=DEMO_H5P_COURSE)
    assert original.title == TITLE and tom in original.trainers.all()

    # tom downloads the archive from his course's page.
    page = new_context().new_page()
    _log_in(page, "tom")
    page.goto(f"/teach/courses/{original.pk}/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Exporter (archive .zip)").click()
    assert download.value.suggested_filename == f"{DEMO_H5P_COURSE}.sirius-course.zip"
    archive = tmp_path / download.value.suggested_filename
    download.value.save_as(archive)

    first_lesson = (
        Lesson.objects.filter(module__course=original, kind="text")
        .order_by("module__position", "position")
        .first()
    )
    first_title = first_lesson.title
    first_sentence = first_lesson.body_markdown.split(".")[0]
    _instance_forgets(DEMO_H5P_COURSE, media)

    # tom may not install H5P libraries: every reason is on the page, nothing kept.
    page.goto("/teach/")
    page.get_by_role("button", name="Importer un module").click()
    expect(page.locator("h1")).to_have_text("Importer un module")
    _upload(page, archive)
    errors = page.locator("#id_archive_error")
    expect(errors).to_contain_text("H5P.SiriusCheck 1.0")
    expect(errors).to_contain_text("Demandez à un administrateur de l'installer.")
    expect(page.locator("input[name=archive]")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert not Course.objects.filter(title=TITLE).exists()
    assert not Library.objects.exists()

    # An administrator imports it: a new draft, then published.
    admin_page = new_context().new_page()
    _log_in(admin_page, "admin")
    admin_page.goto("/teach/archives/import/")
    _upload(admin_page, archive)
    # Wait for the answer before reading the database: the live server shares
    # the test's in-memory SQLite connection, so no query may overlap its request.
    expect(admin_page).to_have_url(re.compile(r"/teach/courses/\d+/$"))
    imported = Course.objects.get(title=TITLE)
    assert admin_page.url.endswith(f"/teach/courses/{imported.pk}/")
    expect(admin_page.locator("main")).to_contain_text(
        f"Le module « {TITLE} » est importé (brouillon)."
    )
    admin_page.get_by_role("button", name="Publier").click()
    expect(admin_page.locator("main")).to_contain_text("Statut : publié")

    # A learner: the first lesson read, the quiz passed, the H5P activity played.
    imported.refresh_from_db()
    assert imported.status == Course.Status.PUBLISHED
    lea = User.objects.get(username="lea")
    enrollment = enrollment_create(user=lea, course=imported)
    learner = new_context().new_page()
    _log_in(learner, "lea")
    lessons = Lesson.objects.filter(module__course=imported)
    first = lessons.filter(kind="text").order_by("module__position", "position")[0]
    assert first.title == first_title
    learner.goto(first.get_absolute_url())
    expect(learner.locator("h1")).to_have_text(first_title)
    expect(learner.locator("#lesson-text")).to_contain_text(first_sentence)
    LessonProgress.objects.bulk_create(
        LessonProgress(enrollment=enrollment, lesson=each)
        for each in lessons.filter(kind="text")
    )

    quiz = lessons.get(kind="quiz")
    learner.goto(quiz.get_absolute_url())
    enter_on_submit(learner, form_action_ends="/quiz/start/")
    expect(learner).to_have_url(re.compile(r"/quiz/\d+/1/$"))
    pass_the_quiz(learner, Attempt.objects.get(user=lea, submitted_at=None))
    expect(learner.locator(".quiz-score progress")).to_have_attribute("value", "100")

    activity = lessons.get(kind="h5p")
    learner.goto(activity.get_absolute_url())
    _player_ready(learner)
    learner.locator("#h5p-player").get_by_role("button", name="Non").click()
    expect(learner.locator("#h5p-player[data-finished=true]")).to_have_count(1)
    expect(learner.locator("#h5p-player .sirius-check-feedback")).to_contain_text(
        "Bravo"
    )
    attempt = H5PAttempt.objects.get(user=lea, content=activity.h5p_content)
    assert attempt.completed and attempt.raw == attempt.max == 1


@pytest.mark.parametrize("viewport", [PHONE])
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_archive_import_page_passes_axe(
    media, demo, new_context, tmp_path, language, direction
):
    """The import page, empty and showing a refusal, is axe-clean on a phone in
    fr and ar, without sideways scrolling or targets under 44 px."""
    page = new_context(language=language).new_page()
    _log_in(page, "tom")
    page.goto("/teach/archives/import/")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    reports = [axe_report(page)]
    not_zip = tmp_path / "module.zip"
    not_zip.write_bytes(b"%PDF-1.7 this is not a zip")
    _upload(page, not_zip)
    expect(page.locator("#id_archive_error")).to_be_visible()
    reports.append(axe_report(page))
    assert page_width(page) <= PHONE["width"]
    assert small_targets(page) == []
    reports = [report for report in reports if report]
    assert not reports, "axe-core found violations on " + "\n".join(reports)
