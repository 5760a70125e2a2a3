"""The course document: a faithful, strict, versioned picture of one course."""

import copy

import pytest
from django.core.exceptions import ValidationError

from sharing.document import (
    VERSION,
    course_build,
    course_document,
    document_validate,
    storage_open_file,
)
from tests.sharing.factories import h5p_libraries_install, rich_course, trainer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    h5p_libraries_install()
    return rich_course()


def _without_attribution(data: dict) -> dict:
    data = copy.deepcopy(data)
    for key in ("licence", "organisation", "url", "attribution"):
        data["course"].pop(key)
    return data


def test_document_course_round_trip_equal_apart_from_attribution(course):
    """A course built from a document gives the same document again: every
    lesson, question, quiz, H5P activity and file is there."""
    document = course_document(course)
    built = course_build(
        data=document.data,
        open_file=storage_open_file(document.files),
        owner=trainer_of(),
    )
    again = course_document(built)

    assert _without_attribution(again.data) == _without_attribution(document.data)
    assert sorted(again.files) == sorted(document.files)
    assert set(again.files.values()).isdisjoint(document.files.values())


def test_document_course_names_every_part(course):
    """The document holds the modules, each kind of lesson, the bank and files."""
    data = course_document(course).data

    kinds = [each["kind"] for m in data["modules"] for each in m["lessons"]]
    assert kinds.count("text") == 4 and kinds.count("quiz") == 2
    assert kinds.count("h5p") == 1
    assert len(data["questions"]) == 7
    assert data["course"]["cover"] == "cover.png"
    assert data["images"] == ["images/1.png"]
    assert "media:images/1.png" in data["modules"][0]["lessons"][0]["body_markdown"]


def test_document_validate_refuses_unknown_field_with_its_path(course):
    data = course_document(course).data
    data["modules"][0]["lessons"][1]["secret"] = "x"

    with pytest.raises(ValidationError) as error:
        document_validate(data)

    assert error.value.messages == [
        "modules[0].lessons[1].secret : champ inconnu, refusé."
    ]


def test_document_validate_refuses_newer_version(course):
    data = course_document(course).data
    data["version"] = VERSION + 1

    with pytest.raises(ValidationError) as error:
        document_validate(data)

    assert "version plus récente" in error.value.messages[0]


def test_document_validate_refuses_quiz_naming_a_question_not_in_the_bank(course):
    data = course_document(course).data
    quiz_lesson = next(
        each for m in data["modules"] for each in m["lessons"] if each["kind"] == "quiz"
    )
    quiz_lesson["quiz"]["questions"].append("q999")

    with pytest.raises(ValidationError) as error:
        document_validate(data)

    assert any("« q999 » n'est pas dans la banque" in m for m in error.value.messages)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["course"].update(title="x" * 201), "course.title : 200 signes"),
        (lambda d: d["course"].update(title=""), "course.title : ce texte ne peut"),
        (lambda d: d["course"].update(duration_hours=2), "course.duration_hours :"),
        (lambda d: d["course"].update(language="xx"), "course.language : valeur"),
        (lambda d: d["modules"][0].update(unlock_in_order="oui"), "unlock_in_order"),
        (lambda d: d["modules"][0]["lessons"][0].update(kind="video"), "kind"),
        (lambda d: d["modules"][0]["lessons"][0].update(minutes=0), "minutes :"),
        (lambda d: d["questions"][0].update(kind="essay"), "questions[0].kind"),
        (lambda d: d["questions"][0].update(ref="q2"), "référence en double"),
        (lambda d: d.update(images=["../../etc/passwd"]), "images[0] : nom"),
        (lambda d: d.pop("questions"), "document.questions : champ manquant"),
    ],
)
def test_document_validate_names_the_bad_field(course, change, message):
    data = course_document(course).data
    change(data)

    with pytest.raises(ValidationError) as error:
        document_validate(data)

    assert any(message in each for each in error.value.messages), error.value.messages


def test_document_validate_refuses_an_h5p_file_outside_its_content(course):
    data = course_document(course).data
    h5p = next(
        each["h5p"]
        for m in data["modules"]
        for each in m["lessons"]
        if each["kind"] == "h5p"
    )
    h5p["files"].append("content/../../h5p/libraries/x.js")

    with pytest.raises(ValidationError) as error:
        document_validate(data)

    assert any("nom de fichier non admis" in m for m in error.value.messages)


def test_document_validate_refuses_another_format():
    with pytest.raises(ValidationError) as error:
        document_validate({"format": "moodle", "version": 1})

    assert error.value.code == "format"


def test_document_build_missing_file_creates_nothing(course, media_root):
    from courses.models import Course

    document = course_document(course)
    files = dict(document.files)
    files.pop("images/1.png")
    before = Course.objects.count()

    with pytest.raises(ValidationError) as error:
        course_build(
            data=document.data, open_file=storage_open_file(files), owner=trainer_of()
        )

    assert "images/1.png" in error.value.messages[0]
    assert Course.objects.count() == before


def test_document_build_refuses_a_file_that_is_not_what_it_says(course, media_root):
    """A "picture" that is HTML is refused by its content, and every file
    already copied is removed again."""
    import io

    from tests.sharing.conftest import files_under

    document = course_document(course)
    before = files_under(media_root)

    def open_file(name):
        if name == "questions/1.png":
            return io.BytesIO(b"<html><script>alert(1)</script></html>")
        return storage_open_file(document.files)(name)

    with pytest.raises(ValidationError) as error:
        course_build(data=document.data, open_file=open_file, owner=trainer_of())

    assert "questions/1.png" in error.value.messages[0]
    assert files_under(media_root) == before


def test_document_build_refuses_unknown_h5p_library(course):
    from courses.models import Course
    from h5p.models import Library

    document = course_document(course)
    Library.objects.filter(machine_name="H5P.SiriusHelper").update(minor=9)
    before = Course.objects.count()

    with pytest.raises(ValidationError) as error:
        course_build(
            data=document.data,
            open_file=storage_open_file(document.files),
            owner=trainer_of(),
        )

    assert "H5P.SiriusHelper 1.0" in error.value.messages[0]
    assert Course.objects.count() == before


def test_document_build_sanitises_markdown_again(course):
    """Markdown in a document is rendered and cleaned like a trainer's own."""
    document = course_document(course)
    data = copy.deepcopy(document.data)
    data["modules"][0]["lessons"][0]["body_markdown"] = (
        "[clic](javascript:alert(1)) <script>alert(1)</script>"
    )

    built = course_build(
        data=data, open_file=storage_open_file(document.files), owner=trainer_of()
    )

    lesson = built.modules.order_by("position").first().lessons.order_by("position")[0]
    assert "javascript:" not in lesson.body_html
    assert "<script>" not in lesson.body_html


def test_document_course_leaves_out_a_file_gone_from_the_storage(course, media_root):
    """A recording lost from the storage does not stop the copy: the copy has no
    recording, and keeps everything else."""
    lesson = course.modules.order_by("position").first().lessons.order_by("position")[0]
    (media_root / lesson.audio.name).unlink()

    document = course_document(course)
    built = course_build(
        data=document.data,
        open_file=storage_open_file(document.files),
        owner=trainer_of(),
    )

    copied = built.modules.order_by("position").first().lessons.order_by("position")[0]
    assert document.data["modules"][0]["lessons"][0]["audio"] is None
    assert not copied.audio
    assert copied.video


def test_document_validate_numbers_answer_may_be_negative_tolerance_not(course):
    data = course_document(course).data
    number = next(q for q in data["questions"] if q["kind"] == "number")
    number["number_answer"] = "-12.5"
    document_validate(data)

    number["number_tolerance"] = "-1"
    with pytest.raises(ValidationError) as error:
        document_validate(data)

    assert any("number_tolerance" in m for m in error.value.messages)
