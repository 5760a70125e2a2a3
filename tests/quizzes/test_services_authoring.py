"""Authoring services: questions checked per kind, quizzes and their pools."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from quizzes import services
from quizzes.models import Choice, Question
from tests.factories import LearnerFactory
from tests.quizzes.factories import QuestionBankFactory, question_make, quiz_make

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("kind", Question.Kind.values)
def test_services_question_create_each_kind_renders_markdown(kind):
    """Every kind is created from valid input, its text rendered to safe HTML."""
    bank = QuestionBankFactory()
    question = question_make(
        bank=bank, kind=kind, feedback_markdown="**Bravo** <script>x</script>"
    )
    assert question.text_html.startswith("<p>")
    assert "<strong>Bravo</strong>" in question.feedback_html
    assert "<script>" not in question.feedback_html


def test_services_question_create_true_false_stores_vrai_and_faux():
    """True/false becomes two choices, "Vrai" and "Faux", exactly one correct."""
    question = question_make(bank=QuestionBankFactory(), kind="true_false")
    choices = list(question.choices.values_list("text", "is_correct"))
    assert choices == [("Vrai", False), ("Faux", True)]


@pytest.mark.parametrize(
    ("kind", "overrides", "field"),
    [
        ("single", {"choices": [{"text": "A", "is_correct": True}]}, "choices"),
        (
            "single",
            {
                "choices": [
                    {"text": "A", "is_correct": True},
                    {"text": "B", "is_correct": True},
                ]
            },
            "choices",
        ),
        ("multiple", {"choices": [{"text": "A"}, {"text": "B"}]}, "choices"),
        ("true_false", {"answer": None}, "answer"),
        ("short_text", {"accepted_answers": ["  "]}, "accepted_answers"),
        ("number", {"number_answer": None}, "number_answer"),
        ("number", {"number_answer": "NaN"}, "number_answer"),
        ("number", {"number_tolerance": "-1"}, "number_tolerance"),
        ("ordering", {"choices": [{"text": "Seul"}]}, "choices"),
        (
            "matching",
            {"choices": [{"text": "A", "match_text": "1"}, {"text": "B"}]},
            "choices",
        ),
        (
            "matching",
            {
                "choices": [
                    {"text": "A", "match_text": "1"},
                    {"text": "B", "match_text": "1"},
                ]
            },
            "choices",
        ),
        ("single", {"text_markdown": "   "}, "text_markdown"),
        ("single", {"competence_codes": ["1.1", "DROP TABLE"]}, "competence_codes"),
    ],
)
def test_services_question_create_refuses_a_broken_key(kind, overrides, field):
    """A question whose key cannot work is refused on the right field; nothing saved."""
    with pytest.raises(ValidationError) as caught:
        question_make(bank=QuestionBankFactory(), kind=kind, **overrides)
    assert field in caught.value.message_dict
    assert not Question.objects.exists()


def test_services_question_create_single_with_two_right_answers_has_a_code():
    """The refusal carries a code a form or the API can show next to the field."""
    choices = [{"text": "A", "is_correct": True}, {"text": "B", "is_correct": True}]
    with pytest.raises(ValidationError) as caught:
        question_make(bank=QuestionBankFactory(), kind="single", choices=choices)
    assert caught.value.error_dict["choices"][0].code == "one_correct"


def test_services_question_create_refuses_too_many_choices():
    """More than 20 choices are refused with a clear message."""
    choices = [{"text": f"R{n}", "is_correct": n == 0} for n in range(10_000)]
    with pytest.raises(ValidationError) as caught:
        question_make(bank=QuestionBankFactory(), kind="single", choices=choices)
    assert caught.value.error_dict["choices"][0].code == "too_many_choices"


def test_services_question_create_image_needs_alt_and_is_renamed(settings, tmp_path):
    """An image needs its alternative text and is stored under a generated name."""
    settings.MEDIA_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("mon fichier.png", _png(), content_type="image/png")
    bank = QuestionBankFactory()
    with pytest.raises(ValidationError) as caught:
        question_make(bank=bank, image=upload)
    assert "image_alt" in caught.value.message_dict
    question = question_make(bank=bank, image=upload, image_alt="Un écran bleu")
    assert question.image.name.startswith("quizzes/images/")
    assert "mon fichier" not in question.image.name


def test_services_question_create_refuses_a_fake_image(settings, tmp_path):
    """A text file named .png is refused as an image; no question is created."""
    settings.MEDIA_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        question_make(bank=QuestionBankFactory(), image=upload, image_alt="x")
    assert "image" in caught.value.message_dict
    assert not Question.objects.exists()


def test_services_question_update_keeps_choice_rows_in_place():
    """Editing the texts keeps the same choice rows, so open attempts stay valid."""
    question = question_make(bank=QuestionBankFactory(), kind="single")
    before = list(question.choices.values_list("pk", flat=True))
    services.question_update(
        question=question,
        text_markdown="Nouveau texte",
        choices=[
            {"text": "Un", "is_correct": False},
            {"text": "Deux", "is_correct": True},
            {"text": "Trois"},
        ],
    )
    assert list(question.choices.values_list("pk", flat=True)) == before
    assert Choice.objects.get(pk=before[1]).is_correct is True
    assert question.text_html == "<p>Nouveau texte</p>"


def test_services_question_update_refuses_fewer_choices_during_an_attempt():
    """While someone answers the question, its number of choices cannot change."""
    quiz = quiz_make(kinds=["single"])
    services.attempt_start(quiz=quiz, user=LearnerFactory())
    question = quiz.questions.get()
    with pytest.raises(ValidationError) as caught:
        services.question_update(
            question=question,
            text_markdown="Q",
            choices=[{"text": "A", "is_correct": True}, {"text": "B"}],
        )
    assert caught.value.message_dict["choices"]
    assert question.choices.count() == 3


def test_services_quiz_questions_set_refuses_another_banks_question():
    """A quiz only uses questions from its own bank."""
    quiz = quiz_make(kinds=["single"])
    stranger = question_make(bank=QuestionBankFactory())
    with pytest.raises(ValidationError) as caught:
        services.quiz_questions_set(quiz=quiz, questions=[stranger])
    assert "questions" in caught.value.message_dict
    assert list(quiz.questions.all()) != [stranger]


def test_services_quiz_update_random_draw_needs_enough_questions():
    """A random quiz cannot draw more questions than its pool holds."""
    quiz = quiz_make(kinds=["single", "multiple"])
    with pytest.raises(ValidationError) as caught:
        services.quiz_update(quiz=quiz, selection="random", draw_count=3)
    assert "draw_count" in caught.value.message_dict
    quiz.refresh_from_db()
    assert quiz.selection == "fixed"


def test_services_quiz_create_refuses_pass_mark_over_100():
    """A pass mark above 100 % is refused with a field error."""
    with pytest.raises(ValidationError) as caught:
        services.quiz_create(bank=QuestionBankFactory(), title="Q", pass_mark=101)
    assert "pass_mark" in caught.value.message_dict


def test_services_question_update_removes_the_image(settings, tmp_path):
    """A trainer can take an image off a question; its alt text goes with it."""
    settings.MEDIA_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("x.png", _png(), content_type="image/png")
    question = question_make(
        bank=QuestionBankFactory(), image=upload, image_alt="Un écran bleu"
    )
    services.question_update(
        question=question,
        text_markdown="Q",
        choices=[{"text": "A", "is_correct": True}, {"text": "B"}, {"text": "C"}],
        remove_image=True,
    )
    question.refresh_from_db()
    assert (question.image.name, question.image_alt) == ("", "")
