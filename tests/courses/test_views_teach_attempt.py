"""One learner's attempt as the trainer sees it: every question in the learner's
order, the answer given and the right one, the score and the time; read-only,
for the course's trainers and staff only."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, AttemptQuestion, Quiz
from tests.courses.teach_attempt import learner_attempt
from tests.factories import StaffFactory, TrainerFactory

pytestmark = pytest.mark.django_db


def _page(client, setup) -> str:
    client.force_login(setup.trainer)
    response = client.get(setup.url)
    assert response.status_code == 200
    return response.content.decode()


def test_views_teach_attempt_course_trainer_sees_every_question_in_order(client):
    """Each question shows in the order the learner got it, with the learner's
    name in the heading."""
    setup = learner_attempt(right=["single"])
    page = _page(client, setup)

    assert "Tentative 1 de <bdi>Nadia Benali</bdi>" in page
    texts = AttemptQuestion.objects.filter(attempt=setup.attempt).order_by("position")
    places = [page.index(aq.question.text_html) for aq in texts.select_related()]
    assert len(places) == 7
    assert places == sorted(places)


def test_views_teach_attempt_shows_given_and_right_answers(client):
    """Right, wrong and blank answers: what the learner gave (or "pas de
    réponse"), the right answer of each kind, and the verdict per question."""
    setup = learner_attempt(
        right=["single", "number"], wrong=["short_text", "ordering"]
    )
    page = _page(client, setup)

    assert '<span class="given-answer" lang="fr" dir="ltr">Envoyer</span>' in page
    assert '<span class="given-answer" lang="fr" dir="ltr">professeur</span>' in page
    # Multiple, true/false, matching; words of the interface, not of the course.
    assert page.count('<span class="given-answer no-answer">(pas de réponse)') == 3
    assert "élève / apprenant" in page
    assert "4 ± 0,5" in page
    assert "Ouvrir le navigateur → Taper l&#x27;adresse → Appuyer sur Entrée" in page
    assert "Loupe = Chercher ; Corbeille = Supprimer" in page
    assert "cheval-batterie-agrafe-42 ; Tr0ub4dor&amp;3-long-et-rare" in page
    assert page.count('<span class="done">juste</span>') == 2
    assert page.count('<span class="wrong">pas juste</span>') == 5


def test_views_teach_attempt_shows_score_and_time(client):
    """The score in words and percent, the pass mark, when it started and was
    handed in, and how long it took."""
    setup = learner_attempt(right=["single", "multiple"])
    Attempt.objects.filter(pk=setup.attempt.pk).update(
        started_at=setup.attempt.submitted_at - timedelta(minutes=12)
    )
    page = _page(client, setup)

    assert "2 bonnes réponses sur 7." in page
    assert '<span dir="ltr">29 %</span>' in page
    assert "(il faut 70 % pour réussir)" in page
    assert "rendue, pas réussie" in page
    assert "12\xa0minutes" in page
    assert "Réponse enregistrée le" in page


def test_views_teach_attempt_review_policy_never_still_shows_the_key(client):
    """The review policy is for learners: a trainer sees the right answers of an
    attempt whose learner never will."""
    setup = learner_attempt(kinds=["short_text"], review_policy=Quiz.ReviewPolicy.NEVER)
    page = _page(client, setup)

    assert "élève / apprenant" in page


def test_views_teach_attempt_open_attempt_shows_en_cours_and_changes_nothing(
    client,
):
    """An open attempt, even past its time limit: "en cours", the answers saved
    so far and the right ones, no verdict; the page hands nothing in."""
    setup = learner_attempt(
        kinds=["single", "short_text"],
        wrong=["short_text"],
        submit=False,
        time_limit_minutes=5,
    )
    Attempt.objects.filter(pk=setup.attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    page = _page(client, setup)

    assert "<strong>en cours</strong>" in page
    assert '<span class="given-answer" lang="fr" dir="ltr">professeur</span>' in page
    assert "élève / apprenant" in page
    assert "Envoyer" in page
    assert "pas juste" not in page
    attempt = Attempt.objects.get(pk=setup.attempt.pk)
    assert attempt.submitted_at is None
    assert attempt.score_percent is None
    assert not AttemptQuestion.objects.filter(is_correct__isnull=False).exists()


def test_views_teach_attempt_shows_only_the_learner_name(client):
    """Nothing personal but the name: no e-mail address, no username."""
    setup = learner_attempt()
    page = _page(client, setup)

    assert setup.learner.email not in page
    assert setup.learner.username not in page


def test_views_teach_attempt_content_keeps_the_course_language(client):
    """Question text and answers carry the course's lang and dir."""
    setup = learner_attempt(kinds=["single"], right=["single"], language="ar")
    page = _page(client, setup)

    assert '<div class="lesson-body" lang="ar" dir="rtl">' in page
    assert '<span class="given-answer" lang="ar" dir="rtl">' in page
    assert '<strong class="right-answer" lang="ar" dir="rtl">' in page


def test_views_teach_attempt_staff_sees_it(client):
    """Staff see any course's attempts."""
    setup = learner_attempt(kinds=["single"])
    client.force_login(StaffFactory())

    assert client.get(setup.url).status_code == 200


def test_views_teach_attempt_other_trainer_gets_404(client):
    """A trainer of another course gets a 404, as on the results page."""
    setup = learner_attempt(kinds=["single"])
    client.force_login(TrainerFactory())

    assert client.get(setup.url).status_code == 404


def test_views_teach_attempt_of_another_lesson_is_404(client):
    """An attempt id under another quiz lesson of the trainer, even one they
    teach too, is a 404: the attempt must belong to the lesson in the URL."""
    setup = learner_attempt(kinds=["single"])
    other = learner_attempt(kinds=["single"])
    other.course.trainers.add(setup.trainer)
    client.force_login(setup.trainer)

    url = reverse("teach:quiz-attempt", args=[setup.lesson.pk, other.attempt.pk])
    assert client.get(url).status_code == 404


def test_views_teach_attempt_learner_gets_403(client):
    """The learner whose attempt it is cannot open the trainer's page."""
    setup = learner_attempt(kinds=["single"])
    client.force_login(setup.learner)

    assert client.get(setup.url).status_code == 403


def test_views_teach_attempt_anonymous_goes_to_log_in(client):
    """An anonymous visitor is sent to log in."""
    setup = learner_attempt(kinds=["single"])

    response = client.get(setup.url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_views_teach_attempt_post_is_refused_and_changes_nothing(client):
    """The page is read-only: a POST is a 405 and hands nothing in."""
    setup = learner_attempt(kinds=["single"], submit=False)
    client.force_login(setup.trainer)

    assert client.post(setup.url).status_code == 405

    assert Attempt.objects.get(pk=setup.attempt.pk).submitted_at is None


def _queries(client, kinds) -> int:
    setup = learner_attempt(kinds=kinds, right=["single"])
    client.force_login(setup.trainer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(setup.url).status_code == 200
    return len(queries)


def test_views_teach_attempt_same_queries_for_3_or_12_questions(client):
    """The query count does not grow with the number of questions."""
    few = _queries(client, ["single", "number", "matching"])
    many = _queries(client, ["single", "multiple", "ordering", "matching"] * 3)

    assert few == many


def test_views_teach_attempt_results_page_links_each_attempt(client):
    """The results page links every attempt of each learner, with its score or
    "en cours"."""
    setup = learner_attempt(kinds=["single"], right=["single"])
    second = Attempt.objects.create(
        quiz=setup.attempt.quiz, user=setup.learner, number=2, question_count=1
    )
    client.force_login(setup.trainer)

    page = client.get(reverse("teach:quiz-results", args=[setup.lesson.pk]))

    html = page.content.decode()
    assert f'href="{setup.url}">Essai 1 : 100 %</a>' in html
    second_url = reverse("teach:quiz-attempt", args=[setup.lesson.pk, second.pk])
    assert f'href="{second_url}">Essai 2 : en cours</a>' in html


def test_views_teach_attempt_gradebook_links_the_last_attempt(client):
    """The gradebook cell of a learner with an attempt links to it."""
    setup = learner_attempt(kinds=["single"])
    client.force_login(setup.trainer)

    page = client.get(reverse("dashboard:course-gradebook", args=[setup.course.slug]))

    assert f'href="{setup.url}">Voir le dernier essai</a>' in page.content.decode()


def test_views_teach_attempt_dashboard_links_the_last_attempt(client):
    """A learner with no attempt left: the dashboard row links their last one."""
    setup = learner_attempt(kinds=["single"], max_attempts=1)
    client.force_login(setup.trainer)

    page = client.get(reverse("dashboard:course-learners", args=[setup.course.slug]))

    assert f'href="{setup.url}">Voir le dernier essai</a>' in page.content.decode()
