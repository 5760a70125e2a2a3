"""Quiz authoring under /teach/: the bank and questions of every kind, with their
preview and permissions."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import Lesson
from courses.quiz import services as course_quiz_services
from quizzes import services as quiz_services
from quizzes.models import Question, QuestionBank, Quiz
from skills.models import Competence
from tests.courses.teach_quiz import COMMON, POSTS, _new, _png, _rows
from tests.factories import (
    TrainerFactory,
)
from tests.quizzes.factories import question_make

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", list(POSTS))
def test_views_teach_quiz_create_question_of_each_kind(client, trainer, course, kind):
    """Each kind is created from its form; the bank lists it with its competence."""
    client.force_login(trainer)
    page = client.get(_new(course, kind)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "1.1" in page  # the course's competence is offered

    data = {**COMMON, **POSTS[kind], "competence_codes": ["1.1"]}
    response = client.post(_new(course, kind), data)

    assert response.status_code == 302
    question = Question.objects.get()
    course.refresh_from_db()
    assert question.bank_id == course.question_bank_id
    assert question.kind == kind
    assert question.competence_codes == ["1.1"]
    assert "<strong>question</strong>" in question.text_html
    bank_page = client.get(response["Location"]).content.decode()
    assert f"Question n°{question.pk}" in bank_page


def test_views_teach_quiz_question_keys_stored_per_kind(client, trainer, course):
    """Empty rows are ignored; each kind's key is stored as typed."""
    client.force_login(trainer)
    for kind, data in POSTS.items():
        client.post(_new(course, kind), {**COMMON, **data})
    by_kind = {q.kind: q for q in Question.objects.prefetch_related("choices")}

    assert [c.is_correct for c in by_kind["single"].choices.all()] == [True, False]
    assert [c.text for c in by_kind["true_false"].choices.all()] == ["Vrai", "Faux"]
    assert [c.is_correct for c in by_kind["true_false"].choices.all()] == [
        False,
        True,
    ]
    assert by_kind["short_text"].accepted_answers == ["apprenant", "élève"]
    assert str(by_kind["number"].number_answer.normalize()) == "3.5"
    assert [c.text for c in by_kind["ordering"].choices.all()] == [
        "Un",
        "Deux",
        "Trois",
    ]
    assert [c.match_text for c in by_kind["matching"].choices.all()] == [
        "Chercher",
        "Jeter",
    ]


def test_views_teach_quiz_edit_question_shows_and_keeps_values(
    client, trainer, course, bank
):
    """The edit form is filled with the question; saving changes it in place."""
    question = question_make(bank=bank, kind="matching")
    client.force_login(trainer)
    url = reverse("teach:question-edit", args=[question.pk])

    page = client.get(url).content.decode()
    assert 'value="Loupe"' in page and 'value="Chercher"' in page

    data = {**COMMON, **POSTS["matching"]}
    assert client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.text_markdown == COMMON["text_markdown"]
    assert [c.text for c in question.choices.all()] == ["Loupe", "Corbeille"]


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        (
            "single",
            _rows(("A", True, ""), ("B", True, "")),
            "Cochez exactement une bonne réponse.",
        ),
        (
            "number",
            {"number_answer": "", "number_tolerance": "0"},
            "Donnez la bonne réponse.",
        ),
        ("number", {"number_answer": "trois"}, "Ce n&#x27;est pas un nombre."),
        (
            "matching",
            _rows(("Loupe", False, "Chercher"), ("Jumelles", False, "chercher")),
            "Deux éléments ont le même associé.",
        ),
        ("true_false", {}, "Dites si l&#x27;affirmation est vraie ou fausse."),
        (
            "short_text",
            {"accepted_answers": "  \n "},
            "Donnez au moins une réponse acceptée.",
        ),
        ("ordering", _rows(("Seul", False, "")), "Il faut au moins deux réponses."),
    ],
)
def test_views_teach_quiz_bad_question_refused_nothing_saved(
    client, trainer, course, kind, data, message
):
    """A refused question shows why next to the fields, keeps what was typed, and
    saves nothing (not even the bank)."""
    client.force_login(trainer)

    response = client.post(_new(course, kind), {**COMMON, **data})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Une **question** ?" in page  # nothing typed is lost
    assert not Question.objects.exists()
    assert not QuestionBank.objects.exists()


def test_views_teach_quiz_image_that_is_not_an_image_refused(
    client, trainer, course, settings, tmp_path
):
    """A file that is not an image is refused next to the field; nothing stored."""
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(trainer)
    data = {
        **COMMON,
        **POSTS["single"],
        "image": SimpleUploadedFile("a.png", b"hello", "image/png"),
        "image_alt": "Un écran",
    }

    response = client.post(_new(course, "single"), data)

    assert "pas une image PNG, JPEG ou WebP" in response.content.decode()
    assert not Question.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_views_teach_quiz_image_stored_with_alt(
    client, trainer, course, settings, tmp_path
):
    """A real image is stored under a generated name, with its description."""
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(trainer)
    data = {
        **COMMON,
        **POSTS["single"],
        "image": SimpleUploadedFile("moi.png", _png(), "image/png"),
        "image_alt": "Un écran",
    }

    assert client.post(_new(course, "single"), data).status_code == 302
    question = Question.objects.get()
    assert question.image.name.startswith("quizzes/images/")
    assert question.image_alt == "Un écran"
    page = client.get(reverse("teach:question-edit", args=[question.pk]))
    assert 'alt="Un écran"' in page.content.decode()


def test_views_teach_quiz_preview_renders_without_saving_or_key(
    client, trainer, course
):
    """ "Aperçu" shows the rendered question and its choices, no key, saves nothing."""
    client.force_login(trainer)
    data = {
        **COMMON,
        **_rows(("Envoyer", True, ""), ("Supprimer", False, "")),
        "preview": "1",
    }

    response = client.post(_new(course, "single"), data)

    page = response.content.decode()
    preview = page[page.index('id="preview-title"') :]
    assert "<strong>question</strong>" in preview
    assert "Envoyer" in preview and "Supprimer" in preview
    assert "checked" not in preview and "Bonne réponse" not in preview
    assert not Question.objects.exists()


def test_views_teach_quiz_preview_escapes_script(client, trainer, course):
    """The preview is sanitised like the learner's page."""
    client.force_login(trainer)
    data = {
        "text_markdown": "<script>alert(1)</script> ok",
        **POSTS["single"],
        "preview": "1",
    }

    page = client.post(_new(course, "single"), data).content.decode()

    preview = page[page.index('id="preview-title"') :]
    assert "<script>alert(1)" not in preview


def test_views_teach_quiz_unknown_kind_is_404(client, trainer, course):
    client.force_login(trainer)
    assert client.get(_new(course, "essay")).status_code == 404


def test_views_teach_quiz_other_trainer_gets_404_nothing_changes(
    client, course, module, bank
):
    """Another trainer's bank, question, module and quiz are a 404, read or write."""
    question = question_make(bank=bank)
    lesson = course_quiz_services.quiz_lesson_create(module=module, title="Quiz")
    client.force_login(TrainerFactory())
    gets = [
        reverse("teach:question-bank", args=[course.pk]),
        _new(course, "single"),
        reverse("teach:question-edit", args=[question.pk]),
        reverse("teach:quiz-create", args=[module.pk]),
        reverse("teach:quiz-edit", args=[lesson.pk]),
        reverse("teach:quiz-results", args=[lesson.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {**COMMON, **POSTS["single"]}).status_code == 404, url

    question.refresh_from_db()
    assert question.text_markdown != COMMON["text_markdown"]
    assert Question.objects.count() == 1
    assert Lesson.objects.count() == 1


def test_views_teach_quiz_learner_gets_403(client, learner, course, module, bank):
    """Learners cannot open any of the quiz authoring pages."""
    question = question_make(bank=bank)
    lesson = course_quiz_services.quiz_lesson_create(module=module, title="Quiz")
    client.force_login(learner)
    urls = [
        reverse("teach:question-bank", args=[course.pk]),
        _new(course, "single"),
        reverse("teach:question-edit", args=[question.pk]),
        reverse("teach:quiz-create", args=[module.pk]),
        reverse("teach:quiz-edit", args=[lesson.pk]),
        reverse("teach:quiz-results", args=[lesson.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(_new(course, "single"), {**COMMON, **POSTS["single"]})
    assert Question.objects.count() == 1


def test_views_teach_quiz_text_lesson_is_not_a_quiz_page(client, trainer, module):
    """The quiz pages of a text lesson are a 404."""
    lesson = Lesson.objects.create(module=module, title="Texte", body_markdown="x")
    client.force_login(trainer)
    assert client.get(reverse("teach:quiz-edit", args=[lesson.pk])).status_code == 404


def test_views_teach_quiz_get_never_changes_anything(client, trainer, course, module):
    """Opening every page creates no bank, question, quiz or lesson."""
    client.force_login(trainer)
    urls = [
        reverse("teach:question-bank", args=[course.pk]),
        *(_new(course, kind) for kind in POSTS),
        reverse("teach:quiz-create", args=[module.pk]),
        reverse("teach:course-detail", args=[course.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url

    course.refresh_from_db()
    assert course.question_bank_id is None
    assert not QuestionBank.objects.exists()
    assert not Quiz.objects.exists()
    assert not Lesson.objects.exists()


def test_views_teach_quiz_course_page_links_bank_and_quizzes(
    client, trainer, course, module
):
    """The course page has the bank, "Ajouter un quiz" and links quiz lessons to
    their quiz page, not to the text editor."""
    lesson = course_quiz_services.quiz_lesson_create(module=module, title="Le quiz")
    client.force_login(trainer)

    page = client.get(reverse("teach:course-detail", args=[course.pk])).content.decode()

    assert reverse("teach:question-bank", args=[course.pk]) in page
    assert reverse("teach:quiz-create", args=[module.pk]) in page
    assert reverse("teach:quiz-edit", args=[lesson.pk]) in page
    assert f'href="{reverse("teach:lesson-edit", args=[lesson.pk])}"' not in page


def test_views_teach_quiz_competences_limited_to_course(client, trainer, course):
    """A competence the course does not develop is refused by the form."""
    other = Competence.objects.in_framework().exclude(code="1.1").first()
    client.force_login(trainer)
    data = {**COMMON, **POSTS["single"], "competence_codes": [other.code]}

    response = client.post(_new(course, "single"), data)

    assert response.status_code == 200
    assert not Question.objects.exists()


def test_views_teach_quiz_edit_question_with_many_choices_drops_none(
    client, trainer, course, bank
):
    """A question with more choices than the form's usual rows keeps them all."""
    choices = [{"text": f"Choix {n}", "is_correct": n == 1} for n in range(1, 9)]
    question = question_make(bank=bank, kind="single", choices=choices)
    client.force_login(trainer)
    url = reverse("teach:question-edit", args=[question.pk])

    page = client.get(url).content.decode()
    assert 'value="Choix 8"' in page
    data = {**COMMON}
    data.update(_rows(*((c["text"], c["is_correct"], "") for c in choices)))

    assert client.post(url, data).status_code == 302
    assert question.choices.count() == 8


def test_views_teach_quiz_preview_says_to_choose_image_again(
    client, trainer, course, settings, tmp_path
):
    """A previewed image is not kept by the browser: the page says so; nothing saved."""
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(trainer)
    data = {
        **COMMON,
        **POSTS["single"],
        "image": SimpleUploadedFile("moi.png", _png(), "image/png"),
        "image_alt": "Un écran",
        "preview": "1",
    }

    page = client.post(_new(course, "single"), data).content.decode()

    assert "choisissez-la de nouveau" in page
    assert 'value="Un écran"' in page
    assert not Question.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_views_teach_quiz_edit_true_false_shows_its_answer(
    client, trainer, course, bank
):
    """A false statement opens with "Fausse" ticked, and stays false when saved."""
    question = question_make(bank=bank, kind="true_false")  # answer: False
    client.force_login(trainer)
    url = reverse("teach:question-edit", args=[question.pk])

    page = client.get(url).content.decode()

    tags = {
        value: tag
        for tag in re.findall(r"<input[^>]*name=\"answer\"[^>]*>", page)
        for value in re.findall(r'value="(\w+)"', tag)
    }
    assert "checked" in tags["false"] and "checked" not in tags["true"]
    client.post(url, {**COMMON, "answer": "false"})
    assert [c.is_correct for c in question.choices.all()] == [False, True]


@pytest.mark.parametrize("count", [2, 12])
def test_views_teach_quiz_bank_queries_do_not_grow(
    client, trainer, course, module, bank, count, django_assert_max_num_queries
):
    """The bank page costs the same whatever the number of questions and quizzes."""
    questions = [question_make(bank=bank) for _ in range(count)]
    lesson = course_quiz_services.quiz_lesson_create(module=module, title="Quiz")
    quiz_services.quiz_questions_set(quiz=lesson.quiz, questions=questions)
    client.force_login(trainer)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("teach:question-bank", args=[course.pk]))

    assert response.content.decode().count("Modifier la question n°") == count
