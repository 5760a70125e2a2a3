"""Cross-site POSTs are refused, and no GET changes anything."""

import pytest
from django.test import Client
from django.urls import reverse

from members import services
from members.models import LearnerGroup, LoginCard
from tests.factories import LearnerFactory, LearnerGroupFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser():
    """A client that checks CSRF tokens, as a real browser session would be."""
    return Client(enforce_csrf_checks=True)


def test_views_csrf_cross_site_group_creation_refused(browser, trainer):
    """A form on another site cannot create accounts in a trainer's name."""
    browser.force_login(trainer)

    response = browser.post(
        reverse("members:group-create"),
        {"name": "Piège", "people": "Léa Dupont", "consent": "on"},
    )

    assert response.status_code == 403
    assert not LearnerGroup.objects.exists()


def test_views_csrf_cross_site_card_printing_refused(browser, trainer):
    """A form on another site cannot print (and so cancel) a group's cards."""
    group = LearnerGroupFactory(trainer=trainer, learners=[LearnerFactory()])
    browser.force_login(trainer)

    response = browser.post(reverse("members:group-cards", args=[group.pk]))

    assert response.status_code == 403
    assert not LoginCard.objects.exists()


def test_views_csrf_cross_site_card_login_refused(browser):
    """A page on another site cannot spend a learner's card."""
    learner = LearnerFactory()
    [card] = services.login_cards_issue(issuer=TrainerFactory(), learners=[learner])

    response = browser.post(reverse("members:card-login", args=[card.token]))

    assert response.status_code == 403
    assert LoginCard.objects.get().used_at is None


def test_views_csrf_card_login_with_token_works(browser):
    """The card page's own form, with its token, logs the learner in."""
    learner = LearnerFactory()
    [card] = services.login_cards_issue(issuer=TrainerFactory(), learners=[learner])
    url = reverse("members:card-login", args=[card.token])
    browser.get(url)

    response = browser.post(
        url, {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value}
    )

    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(learner.pk)


def test_views_csrf_logout_by_get_does_not_log_out(client, learner):
    """Following a link to the log-out address asks first; the session stays open."""
    client.force_login(learner)

    response = client.get(reverse("account_logout"))

    assert response.status_code == 200
    assert client.session.get("_auth_user_id") == str(learner.pk)
