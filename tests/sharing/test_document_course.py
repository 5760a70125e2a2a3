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
