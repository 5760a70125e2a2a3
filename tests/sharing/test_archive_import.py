"""Course archives: export, and import into a fresh instance (round trip, clashes,
sanitising)."""

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services as course_services
from courses.models import Course, Lesson
from sharing.archive import course_archive_import
from tests.factories import EnrollmentFactory, LearnerFactory, StaffFactory
from tests.h5p import packages
from tests.quizzes.factories import right_payload
from tests.sharing import archives as a
from tests.sharing.factories import h5p_libraries_install, rich_course, trainer_of

pytestmark = pytest.mark.django_db


# --- Export ---


def test_archive_export_layout(course, exported):
    """course.json, the media under files/, each H5P activity as a package."""
    names = set(a.entries(exported))
    assert {
        "course.json",
        "files/cover.png",
        "files/images/1.png",
        "files/audio/1.mp3",
        "files/video/1.mp4",
        "files/questions/1.png",
        "h5p/1.h5p",
    } == names
    data = a.document(exported)
    assert (data["format"], data["version"]) == ("sirius-course", 1)
    package = zipfile.ZipFile(io.BytesIO(a.entries(exported)["h5p/1.h5p"]))
    assert "content/images/mouse.png" in package.namelist()
    assert f"{packages.MAIN}-1.0/library.json" in package.namelist()


def test_archive_export_queries_do_not_grow_with_lessons(
    django_assert_max_num_queries,
):
    """Exporting 2 or 12 text lessons and 1 or 3 H5P activities costs the same
    number of queries (storage listings aside)."""
    h5p_libraries_install()
    small = rich_course(lessons=2, questions=3, h5p=1, title="Petit")
    large = rich_course(lessons=12, questions=14, h5p=3, title="Grand")
    with CaptureQueriesContext(connection) as small_queries:
        a.archive_bytes(small)
    with django_assert_max_num_queries(len(small_queries)):
        a.archive_bytes(large)


def test_archive_import_queries_do_not_grow_with_lessons(
    django_assert_max_num_queries,
):
    """Importing 12 lessons and 14 questions costs no more queries than 2 and 3
    (each H5P activity costs its own install: a handful of queries)."""
    h5p_libraries_install()
    small = a.archive_bytes(rich_course(lessons=2, questions=3, h5p=1, title="Petit"))
    large = a.archive_bytes(rich_course(lessons=12, questions=14, h5p=1, title="Grand"))
    with CaptureQueriesContext(connection) as small_queries:
        course_archive_import(upload=a.upload(small), user=trainer_of())
    with django_assert_max_num_queries(len(small_queries)):
        course_archive_import(upload=a.upload(large), user=trainer_of())


# --- Round trip into a fresh instance ---


def test_archive_import_round_trip_into_a_fresh_instance(
    client, course, exported, media_root
):
    """Into an instance without the course nor its H5P libraries, an
    administrator imports the archive: a draft with every lesson, whose text and
    images render, whose quiz can be taken and passed, whose H5P activity plays
    its own files."""
    a.instance_empty(media_root)
    staff = StaffFactory()
    imported = course_archive_import(upload=a.upload(exported), user=staff)

    assert imported.status == Course.Status.DRAFT
    assert list(imported.trainers.all()) == [staff]
    kinds = [
        lesson.kind
        for lesson in Lesson.objects.filter(module__course=imported).order_by(
            "module__position", "position"
        )
    ]
    assert kinds == ["text"] * 4 + ["quiz", "quiz", "h5p"]
    course_services.course_publish(course=imported)
    learner = LearnerFactory()
    EnrollmentFactory(user=learner, course=imported)
    client.force_login(learner)

    text = Lesson.objects.get(module__course=imported, title="Leçon 1")
    page = client.get(reverse("courses:lesson-detail", args=[imported.slug, text.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Texte 1." in html
    image = text.body_markdown.split("](", 1)[1].split(")", 1)[0]
    assert image.startswith("/media/lessons/images/") and image in html
    assert (media_root / image.removeprefix("/media/")).read_bytes()[:4] == b"\x89PNG"
    assert text.audio and (media_root / text.audio.name).read_bytes()[:3] == b"ID3"

    quiz = Lesson.objects.get(module__course=imported, title="Premier quiz")
    _quiz_passed(client, imported, quiz)

    activity = Lesson.objects.get(module__course=imported, kind=Lesson.Kind.H5P)
    page = client.get(
        reverse("courses:lesson-detail", args=[imported.slug, activity.pk])
    )
    assert page.status_code == 200
    picture = client.get(
        reverse(
            "h5p:file",
            args=[f"content/{activity.h5p_content_id}/content/images/mouse.png"],
        )
    )
    assert picture.status_code == 200
    assert b"".join(picture.streaming_content) == packages.PNG
    script = client.get(
        reverse("h5p:file", args=[f"libraries/{packages.MAIN}-1.0/scripts/check.js"])
    )
    assert b"".join(script.streaming_content) == packages.MAIN_JS.encode()


def _quiz_passed(client, course, lesson) -> None:
    from quizzes.models import Attempt, AttemptQuestion

    start = reverse("courses:quiz-start", args=[course.slug, lesson.pk])
    assert client.post(start).status_code == 302
    attempt = Attempt.objects.get(quiz=lesson.quiz, submitted_at=None)
    rows = AttemptQuestion.objects.filter(attempt=attempt).select_related("question")
    for aq in rows.prefetch_related("question__choices"):
        url = reverse(
            "courses:quiz-question",
            args=[course.slug, lesson.pk, attempt.pk, aq.position],
        )
        data = {**_form_data(right_payload(aq), aq.question.kind), "go": "next"}
        assert client.post(url, data).status_code == 302
    submit = reverse("courses:quiz-submit", args=[course.slug, lesson.pk, attempt.pk])
    result = client.post(submit, follow=True).content.decode()
    assert "Bravo, quiz réussi !" in result


def _form_data(payload: dict, kind: str) -> dict:
    if kind in ("single", "true_false"):
        return {"choice": str(payload["choice"])}
    if kind == "multiple":
        return {"choices": [str(i) for i in payload["choices"]]}
    if kind in ("short_text", "number"):
        return {kind.split("_")[-1]: payload[next(iter(payload))]}
    if kind == "ordering":
        return {"order": ",".join(str(i) for i in payload["order"])}
    return {f"match_{i}": str(m) for i, m in enumerate(payload["matches"])}


def test_archive_import_trainer_refused_missing_libraries_named(exported, media_root):
    """A trainer cannot install H5P libraries: the refusal names each one, and
    nothing is stored."""
    a.instance_empty(media_root)
    error = a.refusal(exported)
    assert any(
        f"la bibliothèque {packages.MAIN} 1.0, qui n'est pas installée" in message
        for message in error.messages
    )
    assert any(f"{packages.HELPER} 1.0" in message for message in error.messages)
    assert a.counts() == (0, 0, 0, 0, 0)
    assert a.files_count(media_root) == 0


def test_archive_import_slug_clash_never_overwrites(course, exported):
    """Imported next to its original, the course gets a new address; the original
    keeps its title, lessons and trainers."""
    before = list(
        Lesson.objects.filter(module__course=course).values_list("pk", "title")
    )
    importer = trainer_of()
    imported = course_archive_import(upload=a.upload(exported), user=importer)

    assert imported.pk != course.pk and imported.slug != course.slug
    assert imported.slug.startswith(course.slug)
    course.refresh_from_db()
    assert course.status == Course.Status.PUBLISHED
    assert importer not in course.trainers.all()
    assert (
        list(Lesson.objects.filter(module__course=course).values_list("pk", "title"))
        == before
    )


def test_archive_import_script_in_markdown_is_sanitised(course, exported):
    """A script written into a lesson's Markdown is removed from what learners get."""
    data = a.document(exported)
    lesson = data["modules"][0]["lessons"][1]
    lesson["body_markdown"] += '\n\n<script>alert(1)</script><img src=x onerror="x()">'
    imported = course_archive_import(
        upload=a.upload(a.with_document(exported, data)), user=trainer_of()
    )
    row = Lesson.objects.get(module__course=imported, title=lesson["title"])
    assert "<script" not in row.body_html
    assert "<img" not in row.body_html  # shown as text, never as markup
    assert "&lt;script&gt;" in row.body_html
