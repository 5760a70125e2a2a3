""" "Donner un essai de plus" on the quiz results and the dashboard: a POST form,
for the course's trainers only."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.quiz import selectors as course_quiz_selectors
from quizzes import selectors as quiz_selectors
from quizzes.models import AttemptGrant
from tests.courses.grants import out_of_attempts
from tests.factories import EnrollmentFactory, LearnerFactory, TrainerFactory
from tests.quizzes.factories import attempts_use_up

pytestmark = pytest.mark.django_db

BUTTON = ">Donner un essai de plus</button>"


def _grant_url(setup) -> str:
    return reverse("teach:quiz-grant", args=[setup.lesson.pk])


def _results_url(setup) -> str:
    return reverse("teach:quiz-results", args=[setup.lesson.pk])


def _dashboard_url(setup) -> str:
    return reverse("dashboard:course-learners", args=[setup.course.slug])


def test_views_quiz_grant_by_course_trainer_grants_and_says_so(client):
    """The course's trainer presses the button: one grant, back to the results,
    which say it and show the learner has an attempt again."""
    setup = out_of_attempts()
    client.force_login(setup.trainer)

    response = client.post(
        _grant_url(setup), {"learner": setup.learner.pk}, follow=True
    )

    page = response.content.decode()
    assert response.redirect_chain == [(_results_url(setup), 302)]
    assert "Nadia Benali peut faire un essai de plus" in page
    assert BUTTON not in page
    grant = AttemptGrant.objects.get()
    assert (grant.learner, grant.granted_by) == (setup.learner, setup.trainer)


def test_views_quiz_grant_from_the_dashboard_goes_back_there(client):
    """Granted from the dashboard, the trainer lands on the dashboard again."""
    setup = out_of_attempts()
    client.force_login(setup.trainer)

    response = client.post(
        _grant_url(setup), {"learner": setup.learner.pk, "back": "dashboard"}
    )

    assert response.status_code == 302
    assert response["Location"] == _dashboard_url(setup)
    assert AttemptGrant.objects.count() == 1


def test_views_quiz_grant_by_another_trainer_is_404(client):
    """Another course's trainer learns nothing and grants nothing."""
    setup = out_of_attempts()
    client.force_login(TrainerFactory())

    response = client.post(_grant_url(setup), {"learner": setup.learner.pk})

    assert response.status_code == 404
    assert not AttemptGrant.objects.exists()


def test_views_quiz_grant_by_a_learner_is_403(client):
    """A learner cannot grant themselves an attempt."""
    setup = out_of_attempts()
    client.force_login(setup.learner)

    response = client.post(_grant_url(setup), {"learner": setup.learner.pk})

    assert response.status_code == 403
    assert not AttemptGrant.objects.exists()


def test_views_quiz_grant_anonymous_goes_to_log_in(client):
    """A visitor is sent to log in; nothing is granted."""
    setup = out_of_attempts()

    response = client.post(_grant_url(setup), {"learner": setup.learner.pk})

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not AttemptGrant.objects.exists()


def test_views_quiz_grant_get_and_forged_posts_change_nothing():
    """A GET never grants; a POST without the CSRF token is refused."""
    setup = out_of_attempts()
    client = Client(enforce_csrf_checks=True)
    client.force_login(setup.trainer)

    got = client.get(_grant_url(setup), {"learner": setup.learner.pk})
    forged = client.post(_grant_url(setup), {"learner": setup.learner.pk})

    assert (got.status_code, forged.status_code) == (405, 403)
    assert not AttemptGrant.objects.exists()


def test_views_quiz_grant_unknown_learner_is_404(client):
    """An id that is no account, or no id at all, is a 404."""
    setup = out_of_attempts()
    client.force_login(setup.trainer)

    assert client.post(_grant_url(setup), {"learner": "999999"}).status_code == 404
    assert client.post(_grant_url(setup), {"learner": "x"}).status_code == 404
    assert not AttemptGrant.objects.exists()


def test_views_quiz_grant_not_enrolled_is_refused_in_words(client):
    """Someone who left the course: nothing granted, and the trainer reads why."""
    setup = out_of_attempts()
    gone = LearnerFactory()
    attempts_use_up(quiz=setup.lesson.quiz, user=gone)
    client.force_login(setup.trainer)

    response = client.post(_grant_url(setup), {"learner": gone.pk}, follow=True)

    assert "pas inscrite à ce module" in response.content.decode()
    assert not AttemptGrant.objects.exists()


def test_views_quiz_results_button_only_for_learners_out_of_attempts(client):
    """The button shows on the row of the learner with no attempt left, not on
    the row of one who may still try."""
    setup = out_of_attempts(max_attempts=None)
    client.force_login(setup.trainer)
    assert BUTTON not in client.get(_results_url(setup)).content.decode()

    setup = out_of_attempts()
    quiz = setup.lesson.quiz
    quiz.max_attempts = 2
    quiz.save(update_fields=["max_attempts"])
    client.force_login(setup.trainer)
    assert BUTTON not in client.get(_results_url(setup)).content.decode()

    attempts_use_up(quiz=quiz, user=setup.learner)
    page = client.get(_results_url(setup)).content.decode()
    assert page.count(BUTTON) == 1
    assert f'name="learner" value="{setup.learner.pk}"' in page


def test_views_dashboard_button_on_the_row_of_the_learner_out_of_attempts(client):
    """On the dashboard, the learner out of attempts gets the button with the
    quiz's name; a learner who may still try does not."""
    setup = out_of_attempts()
    EnrollmentFactory(user=LearnerFactory(), course=setup.course)
    client.force_login(setup.trainer)

    page = client.get(_dashboard_url(setup)).content.decode()

    assert page.count(BUTTON) == 1
    assert "Plus d'essai au quiz" in page
    assert f'name="learner" value="{setup.learner.pk}"' in page
    assert 'name="back" value="dashboard"' in page


def test_selectors_grants_reads_take_the_same_queries_with_grants():
    """The lesson state, the results per learner and the dashboard's list take
    as many queries with grants as without, whatever the number of learners."""
    setup = out_of_attempts()
    lesson, quiz = setup.lesson, setup.lesson.quiz

    def counts(user_ids):
        reads = [
            lambda: course_quiz_selectors.quiz_lesson_state(
                lesson=lesson, user=setup.learner
            ),
            lambda: quiz_selectors.quiz_attempts_by_learner(quiz=quiz),
            lambda: course_quiz_selectors.learners_out_of_attempts(
                course=setup.course, user_ids=user_ids
            ),
        ]
        found = []
        for read in reads:
            with CaptureQueriesContext(connection) as queries:
                read()
            found.append(len(queries))
        return found

    before = counts([setup.learner.pk])
    others = []
    for _n in range(3):
        other = LearnerFactory()
        EnrollmentFactory(user=other, course=setup.course)
        attempts_use_up(quiz=quiz, user=other)
        AttemptGrant.objects.create(quiz=quiz, learner=other, granted_by=setup.trainer)
        others.append(other.pk)
    AttemptGrant.objects.create(
        quiz=quiz, learner=setup.learner, granted_by=setup.trainer
    )

    assert before == [2, 1, 1]
    assert counts([setup.learner.pk, *others]) == before
