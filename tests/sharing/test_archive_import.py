"""Course archives: export, import into a fresh instance, and every refusal
leaving nothing behind."""

import io
import json
import secrets
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services as course_services
from courses.models import Course, Lesson
from h5p.models import Content, Library
from quizzes.models import Question
from sharing.archive import course_archive_import
from tests.factories import EnrollmentFactory, LearnerFactory, StaffFactory
from tests.h5p import packages
from tests.lms.zips import declaring_entries
from tests.quizzes.factories import right_payload
from tests.sharing import archives as a
from tests.sharing.factories import h5p_libraries_install, png, rich_course, trainer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    h5p_libraries_install()
    return rich_course()


@pytest.fixture
def exported(course) -> bytes:
    return a.archive_bytes(course)


@pytest.fixture
def temp_root(monkeypatch, tmp_path):
    """tempfile's folder for this test: an import must leave nothing in it."""
    import tempfile

    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def _refusal(data: bytes, user=None) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        course_archive_import(upload=a.upload(data), user=user or trainer_of())
    return error.value


def _counts() -> tuple[int, ...]:
    return (
        Course.objects.count(),
        Lesson.objects.count(),
        Question.objects.count(),
        Content.objects.count(),
        Library.objects.count(),
    )


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
    error = _refusal(exported)
    assert any(
        f"la bibliothèque {packages.MAIN} 1.0, qui n'est pas installée" in message
        for message in error.messages
    )
    assert any(f"{packages.HELPER} 1.0" in message for message in error.messages)
    assert _counts() == (0, 0, 0, 0, 0)
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


# --- Refusals, with nothing left behind ---


def _refused_leaving_nothing(data: bytes, media_root, temp_root) -> ValidationError:
    counts, files = _counts(), a.files_count(media_root)
    error = _refusal(data)
    assert _counts() == counts
    assert a.files_count(media_root) == files
    assert list(temp_root.iterdir()) == []
    return error


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../evil.txt", "../evil.txt"),
        ("files/../../evil.txt", "files/../../evil.txt"),
        ("/etc/passwd", "/etc/passwd"),
        ("files\\..\\evil.txt", "files\\..\\evil.txt"),
        ("files/evil\u202egnp.txt", "\\u202e"),
    ],
)
def test_archive_import_bad_entry_names_refused(
    exported, media_root, temp_root, name, shown
):
    error = _refused_leaving_nothing(
        a.rezip(exported, {name: b"x"}), media_root, temp_root
    )
    assert error.code == "bad_name"
    assert shown in error.messages[0]


def test_archive_import_zip_bomb_refused(exported, media_root, temp_root):
    """200 MB of zeros in a few hundred kB: refused by its ratio, unread."""
    buffer = io.BytesIO(exported)
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("files/zeros.txt", "w", force_zip64=True) as entry,
    ):
        for _ in range(200):
            entry.write(bytes(1024 * 1024))
    error = _refused_leaving_nothing(buffer.getvalue(), media_root, temp_root)
    assert error.code == "ratio"
    assert "files/zeros.txt" in error.messages[0]


def test_archive_import_100000_entries_refused(media_root, temp_root):
    error = _refused_leaving_nothing(declaring_entries(100_000), media_root, temp_root)
    assert error.code == "too_many_entries"
    assert "10000 au plus" in error.messages[0]


def test_archive_import_not_a_zip_refused(media_root, temp_root):
    error = _refused_leaving_nothing(b"%PDF-1.7 not a zip", media_root, temp_root)
    assert error.messages == ["Ce fichier n'est pas une archive zip."]


def test_archive_import_unknown_field_refused_with_its_path(
    exported, media_root, temp_root
):
    data = a.document(exported)
    data["course"]["owner"] = "admin"
    error = _refused_leaving_nothing(
        a.with_document(exported, data), media_root, temp_root
    )
    assert error.messages == ["course.owner : champ inconnu, refusé."]


def test_archive_import_newer_version_refused(exported, media_root, temp_root):
    data = a.document(exported)
    data["version"] = 2
    error = _refused_leaving_nothing(
        a.with_document(exported, data), media_root, temp_root
    )
    assert "version plus récente de la plateforme" in error.messages[0]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            b'{"format": "sirius-course", "format": "x"}',
            "« format » apparaît deux fois",
        ),
        (b'{"version": NaN}', "n'est pas du JSON valide"),
        (b"[" * 100_000 + b"]" * 100_000, "n'est pas du JSON valide"),
        (b"\xff\xfe not utf-8", "n'est pas du JSON valide"),
    ],
)
def test_archive_import_strict_json(exported, media_root, temp_root, text, fragment):
    """Duplicate keys, NaN, a nesting too deep, bad encoding: refused, no crash."""
    error = _refused_leaving_nothing(
        a.rezip(exported, {"course.json": text}), media_root, temp_root
    )
    assert fragment in error.messages[0]


def test_archive_import_missing_and_extra_files_all_named(
    exported, media_root, temp_root
):
    """Every missing file and every file nobody uses is named, in one refusal."""
    error = _refused_leaving_nothing(
        a.rezip(
            exported,
            {"files/audio/1.mp3": None, "h5p/1.h5p": None, "files/notes.txt": b"x"},
        ),
        media_root,
        temp_root,
    )
    assert error.messages == [
        "L'archive contient un fichier que le module n'utilise pas : "
        "« files/notes.txt ».",
        "Le fichier « files/audio/1.mp3 » manque dans l'archive.",
        "Le fichier « h5p/1.h5p » manque dans l'archive.",
    ]


def test_archive_import_files_checked_by_content(exported, media_root, temp_root):
    """An image that is not one, a recording that is a script: both named."""
    error = _refused_leaving_nothing(
        a.rezip(
            exported,
            {
                "files/images/1.png": b"<svg onload=alert(1)>",
                "files/audio/1.mp3": b"#!/bin/sh\nrm -rf /\n",
            },
        ),
        media_root,
        temp_root,
    )
    assert error.messages == [
        "files/audio/1.mp3 : Ce fichier n'est pas un son MP3, M4A ou OGG.",
        "files/images/1.png : Ce fichier n'est pas une image PNG, JPEG ou WebP.",
    ]


def test_archive_import_image_over_upload_limit_refused(
    exported, media_root, temp_root, settings
):
    """The same size limits as an upload."""
    settings.LESSON_IMAGE_MAX_BYTES = 50
    big = png().read()
    assert len(big) > 50
    error = _refused_leaving_nothing(
        a.rezip(exported, {"files/images/1.png": big}), media_root, temp_root
    )
    assert (
        "files/images/1.png : Ce fichier est trop lourd (1 Mo au plus)."
        in error.messages
    )


def test_archive_import_hostile_h5p_package_refused(exported, media_root, temp_root):
    """An H5P package is checked as an upload: a `.php` file in content/ is named."""
    package = packages.build({**packages.good_files(), "content/shell.php": b"<?php"})
    error = _refused_leaving_nothing(
        a.rezip(exported, {"h5p/1.h5p": package}), media_root, temp_root
    )
    assert error.messages == [
        "h5p/1.h5p : Le paquet contient un type de fichier non admis : "
        "« content/shell.php »."
    ]


def test_archive_import_failure_while_building_removes_stored_files(
    exported, media_root, temp_root, monkeypatch
):
    """A fault after the H5P activity and the media are stored (here, the last
    insert) removes them all: no row, no file."""
    from sharing.document import build

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(build, "_modules_rows", broken)
    counts, files = _counts(), a.files_count(media_root)
    with pytest.raises(RuntimeError):
        course_archive_import(upload=a.upload(exported), user=trainer_of())
    assert _counts() == counts
    assert a.files_count(media_root) == files
    assert list(temp_root.iterdir()) == []


def test_archive_import_staff_new_libraries_removed_on_failure(
    exported, media_root, temp_root, monkeypatch
):
    """Libraries an administrator's import installed are removed with the rest
    when the import fails."""
    from sharing.document import build

    a.instance_empty(media_root)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(build, "_modules_rows", broken)
    with pytest.raises(RuntimeError):
        course_archive_import(upload=a.upload(exported), user=StaffFactory())
    assert Library.objects.count() == 0
    assert a.files_count(media_root) == 0


def test_archive_import_upload_over_limit_refused(exported, settings):
    settings.COURSE_ARCHIVE_MAX_BYTES = len(exported) - 1
    error = _refusal(exported)
    assert error.code == "file_too_big"


def test_archive_import_sizes_lied_refused(exported, media_root, temp_root):
    """An entry holding more than its central directory declares is refused as
    damaged when copied (zipfile reads no more than declared, the CRC fails)."""
    files = a.entries(exported)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        for info in archive.infolist():
            if info.filename == "files/audio/1.mp3":
                info.file_size = 10
    error = _refused_leaving_nothing(buffer.getvalue(), media_root, temp_root)
    assert error.messages == [
        "Le fichier « files/audio/1.mp3 » de l'archive est abîmé."
    ]


def test_archive_import_document_not_json_object(exported, media_root, temp_root):
    error = _refused_leaving_nothing(
        a.rezip(exported, {"course.json": json.dumps([1, 2]).encode()}),
        media_root,
        temp_root,
    )
    assert error.messages == ["Ce fichier n'est pas un module de la plateforme."]


def test_archive_import_address_taken_meanwhile_asks_to_send_again(
    course, exported, media_root, temp_root, monkeypatch
):
    """Two imports racing for one address: the loser is told to send the archive
    again, and leaves nothing (its H5P activity's files included)."""
    from sharing.document import build

    monkeypatch.setattr(build, "_free_slug", lambda title: course.slug)
    error = _refused_leaving_nothing(exported, media_root, temp_root)
    assert error.messages == [
        "Un autre module vient d'être créé au même moment. Envoyez l'archive à nouveau."
    ]


def test_archive_import_document_over_its_limit_refused_unread(
    exported, media_root, temp_root, monkeypatch
):
    """course.json past its limit is refused from its declared size."""
    from sharing import archive

    monkeypatch.setattr(archive, "DOCUMENT_MAX_BYTES", 1024 * 1024)
    padded = a.document(exported)
    # Random text: it does not compress enough to look like a bomb.
    padded["course"]["description_markdown"] = secrets.token_hex(600_000)
    error = _refused_leaving_nothing(
        a.with_document(exported, padded), media_root, temp_root
    )
    assert error.messages == ["course.json est trop lourd (1 Mo au plus)."]
