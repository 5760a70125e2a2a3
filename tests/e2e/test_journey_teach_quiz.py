"""Journey: Tom writes six questions of different kinds in his course's bank,
previews one, builds a quiz lesson that draws 3 of them, and after two learners'
attempts reads the results per learner and per question. The bank, the question
form and the results pass axe on a phone, in French and Arabic."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import Course, Lesson
from courses.quiz import services as course_quiz_services
from quizzes import services as quiz_services
from tests.e2e.axe import assert_axe_clean, axe_report
from tests.e2e.conftest import PHONE
from tests.e2e.layout import page_width, small_targets
from tests.e2e.test_journey_login_cards import log_in
from tests.factories import LearnerFactory
from tests.quizzes.factories import question_make, right_payload, wrong_payload

TRAINER, PASSWORD = "tom", "sirius-demo-2026"
SLUG = "premiers-pas-smartphone"
QUIZ_TITLE = "Quiz : les bons réflexes"


def _new_question(page, kind_label: str, text: str) -> None:
    page.get_by_role("button", name=kind_label, exact=True).click()
    expect(page.locator("h1")).to_have_text("Nouvelle question")
    page.locator("#id_text_markdown").fill(text)


def _save(page) -> None:
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".message-success")).to_contain_text("est enregistrée")
    expect(page.locator("h1")).to_have_text("Banque de questions")


def _write_six_questions(page) -> list[str]:
    """Six questions through the forms; returns their texts."""
    texts = []

    text = "Quel bouton **envoie** le message ?"
    _new_question(page, "Une seule bonne réponse", text)
    page.locator("#id_choice_1_text").fill("Envoyer")
    page.locator("#id_choice_1_correct").check()
    page.locator("#id_choice_2_text").fill("Supprimer")
    page.locator("#id_choice_3_text").fill("Archiver")
    page.get_by_role("button", name="Aperçu").click()
    preview = page.locator(".question-preview")
    expect(preview.locator("strong")).to_have_text("envoie")
    expect(preview.locator("label")).to_have_text(["Envoyer", "Supprimer", "Archiver"])
    expect(preview.locator("input:checked")).to_have_count(0)
    expect(page.locator("#id_choice_1_correct")).to_be_checked()  # nothing lost
    assert_axe_clean(page)
    _save(page)
    texts.append("Quel bouton **envoie** le message ?")

    text = "Quels mots de passe sont solides ?"
    _new_question(page, "Plusieurs bonnes réponses", text)
    for n, (choice, right) in enumerate(
        [("cheval-batterie-agrafe", True), ("123456", False), ("Lune!Vélo7Pré", True)],
        start=1,
    ):
        page.locator(f"#id_choice_{n}_text").fill(choice)
        if right:
            page.locator(f"#id_choice_{n}_correct").check()
    _save(page)
    texts.append(text)

    text = "Une banque demande votre code par SMS."
    _new_question(page, "Vrai ou faux", text)
    page.get_by_label("Fausse").check()
    _save(page)
    texts.append(text)

    text = "Comment s'appelle l'appareil photo du téléphone ?"
    _new_question(page, "Réponse courte", text)
    page.locator("#id_accepted_answers").fill("caméra\nappareil photo")
    _save(page)
    texts.append(text)

    text = "Combien de chiffres a un code PIN ?"
    _new_question(page, "Nombre", text)
    page.locator("#id_number_answer").fill("4")
    _save(page)
    texts.append(text)

    text = "Associez chaque icône à son rôle."
    _new_question(page, "Associer", text)
    for n, (item, match) in enumerate(
        [("Loupe", "Chercher"), ("Corbeille", "Supprimer")], start=1
    ):
        page.locator(f"#id_choice_{n}_text").fill(item)
        page.locator(f"#id_choice_{n}_match").fill(match)
    _save(page)
    texts.append(text)
    return texts


def _two_attempts(lesson: Lesson) -> None:
    """One learner answers everything right, another everything wrong."""
    for name, payload in (("Awa", right_payload), ("Bram", wrong_payload)):
        learner = LearnerFactory(first_name=name, last_name="Test")
        attempt = quiz_services.attempt_start(quiz=lesson.quiz, user=learner)
        for aq in attempt.attempt_questions.select_related("question"):
            quiz_services.answer_save(
                attempt=attempt, position=aq.position, payload=payload(aq)
            )
        quiz_services.attempt_submit(attempt=attempt)


def test_journey_teach_quiz_bank_quiz_results(page, demo, settings, tmp_path):
    """Six questions, a quiz drawing 3 of them, then the item analysis."""
    settings.MEDIA_ROOT = str(tmp_path)
    course = Course.objects.get(slug=SLUG)
    log_in(page, TRAINER, PASSWORD)
    page.goto(f"/teach/courses/{course.pk}/")
    page.get_by_role("button", name="Banque de questions").click()
    expect(page.locator("h1")).to_have_text("Banque de questions")
    assert_axe_clean(page)
    assert small_targets(page) == []

    texts = _write_six_questions(page)
    for text in texts:
        expect(page.locator(".question-list")).to_contain_text(text)

    page.get_by_role("link", name="Retour au module").click()
    module_title = course.modules.order_by("position").first().title
    page.get_by_role("button", name=f"Ajouter un quiz à « {module_title} »").click()
    expect(page.locator("h1")).to_have_text("Nouveau quiz")
    page.locator("#id_title").fill(QUIZ_TITLE)
    page.get_by_label("tirées au hasard à chaque tentative").check()
    page.locator("#id_draw_count").fill("3")
    pool = page.locator(".quiz-pool")
    for text in texts:
        pool.locator("label", has_text=text[:30]).click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".message-success")).to_contain_text("Le quiz est ajouté")
    expect(page.locator("h1")).to_have_text("Modifier le quiz")

    lesson = Lesson.objects.get(title=QUIZ_TITLE)
    assert (lesson.quiz.selection, lesson.quiz.draw_count) == ("random", 3)
    assert lesson.quiz.pool.count() == 6
    _two_attempts(lesson)

    page.get_by_role("link", name="Résultats du quiz").click()
    expect(page.locator("h1")).to_have_text("Résultats du quiz")
    learners = page.locator("table").nth(0)
    expect(learners.locator("tbody tr")).to_have_count(2)
    expect(learners.locator("tbody th")).to_have_text(["Awa Test", "Bram Test"])
    expect(learners.locator("tbody tr").nth(0)).to_contain_text("100 %")
    items = page.locator("table.item-analysis")
    expect(items.locator("caption")).to_contain_text("Analyse par question")
    expect(items.locator("tbody tr")).to_have_count(6)
    # Every drawn question was answered once right and/or once wrong: its rate
    # is 100, 50 or 0 %, and a wrong answer is named with its count.
    expect(items.locator("tbody")).to_contain_text(re.compile(r"\b(0|50) %"))
    expect(items.locator("tbody")).to_contain_text("1 fois")
    assert_axe_clean(page)
    assert small_targets(page) == []


def _quiz_pages(course: Course) -> list[str]:
    """The bank, a new and an existing question, a quiz form and its results."""
    bank = course_quiz_services.course_question_bank(course=course)
    question = question_make(bank=bank, kind="matching")
    module = course.modules.order_by("position").first()
    lesson = course_quiz_services.quiz_lesson_create(module=module, title="Quiz test")
    questions = [question, *(question_make(bank=bank, kind=k) for k in ("single",))]
    quiz_services.quiz_questions_set(quiz=lesson.quiz, questions=questions)
    _two_attempts(lesson)
    return [
        f"/teach/courses/{course.pk}/questions/",
        f"/teach/courses/{course.pk}/questions/new/single/",
        f"/teach/courses/{course.pk}/questions/new/ordering/",
        f"/teach/questions/{question.pk}/",
        f"/teach/modules/{module.pk}/quizzes/new/",
        f"/teach/lessons/{lesson.pk}/quiz/",
        f"/teach/lessons/{lesson.pk}/quiz/results/",
    ]


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="360x740")])
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_teach_quiz_pages_pass_axe_on_a_phone(new_context, demo, language, direction):
    """axe-clean, 44 px targets and no sideways scrolling at 360 px, fr and ar."""
    paths = _quiz_pages(Course.objects.get(slug=SLUG))
    page = new_context(language=language).new_page()
    log_in(page, TRAINER, PASSWORD)
    reports, small, wide = [], [], {}
    for path in paths:
        response = page.goto(path)
        assert response.ok, f"{path}: {response.status}"
        expect(page.locator("html")).to_have_attribute("dir", direction)
        reports.append(axe_report(page))
        small += [f"{path} {target}" for target in small_targets(page)]
        if page_width(page) > PHONE["width"]:
            wide[path] = page_width(page)
    # The preview of a question, too.
    page.goto(paths[2])
    for n, text in enumerate(["Un", "Deux", "Trois"], start=1):
        page.locator(f"#id_choice_{n}_text").fill(text)
    page.locator("#id_text_markdown").fill("Dans l'ordre ?")
    page.locator("button[name=preview]").click()
    expect(page.locator(".question-preview select")).to_have_count(3)
    reports.append(axe_report(page))
    small += [f"preview {target}" for target in small_targets(page)]
    violations = "\n".join(report for report in reports if report)
    assert not violations, f"axe-core found violations on:\n{violations}"
    assert not small, "targets smaller than 44x44 px:\n" + "\n".join(small)
    assert not wide, f"wider than {PHONE['width']} px: {wide}"
