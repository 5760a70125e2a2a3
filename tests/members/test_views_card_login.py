"""Logging in with a printed card, then choosing a PIN or a password."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from members import services
from members.cards import token_display
from members.models import LoginCard
from tests.factories import PASSWORD, LearnerFactory, TrainerFactory
from tests.pages import alert, field_error

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Ce lien de connexion ne fonctionne plus. "
    "Demandez une nouvelle carte à votre formateur ou formatrice."
)


@pytest.fixture
def new_learner():
    learner = LearnerFactory(username="lea.dupont", must_choose_secret=True)
    learner.set_unusable_password()
    learner.save()
    return learner


@pytest.fixture
def card_url(new_learner):
    [card] = services.login_cards_issue(issuer=TrainerFactory(), learners=[new_learner])
    return reverse("members:card-login", args=[token_display(card.token)])


def _logged_in_user_id(client: Client):
    return client.session.get("_auth_user_id")


def test_views_card_login_get_does_not_use_the_card(client, card_url):
    """Opening the link (or a chat app previewing it) shows a button, spends nothing."""
    for _ in range(3):
        response = client.get(card_url)
        assert response.status_code == 200
        assert "Entrer" in response.content.decode()

    assert LoginCard.objects.get().used_at is None
    assert _logged_in_user_id(client) is None


def test_views_card_login_post_logs_in_and_asks_for_secret(
    client, card_url, new_learner
):
    """Pressing the button logs the learner in and asks them to choose a secret."""
    response = client.post(card_url)

    assert response.status_code == 302
    assert response["Location"] == reverse("members:choose-secret")
    assert _logged_in_user_id(client) == str(new_learner.pk)
    page = client.get(response["Location"]).content.decode()
    assert "lea.dupont" in page
    assert LoginCard.objects.get().used_at is not None


def test_views_card_login_second_use_refused_with_410(client, card_url):
    """A card used once answers 410 with plain words, and logs nobody in."""
    client.post(card_url)
    other_browser = Client()

    response = other_browser.post(card_url)

    assert response.status_code == 410
    assert alert(response) == REFUSAL
    assert _logged_in_user_id(other_browser) is None


def test_views_card_login_unknown_token_same_answer(client, card_url):
    """A made-up token gets the same status and words as a used card."""
    client.post(card_url)
    used = Client().post(card_url)

    unknown = Client().post(reverse("members:card-login", args=["ABCD-EFGH-JKMN"]))
    garbage = Client().post(reverse("members:card-login", args=["nimportequoi"]))

    for response in (unknown, garbage):
        assert response.status_code == used.status_code == 410
        assert alert(response) == alert(used) == REFUSAL
        assert response.templates[0].name == used.templates[0].name


def test_views_card_login_typed_in_lower_case(client, new_learner):
    """A learner who types the short address in lower case still gets in."""
    [card] = services.login_cards_issue(issuer=TrainerFactory(), learners=[new_learner])
    url = reverse("members:card-login", args=[token_display(card.token).lower()])

    response = client.post(url)

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(new_learner.pk)


def test_views_card_login_choose_pin_then_log_in_with_it(client, card_url, new_learner):
    """After choosing a PIN, the learner logs in with username and PIN next time."""
    client.post(card_url)

    response = client.post(
        reverse("members:choose-secret"),
        {"kind": "pin", "secret": "482916", "secret_again": "482916"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _logged_in_user_id(client) == str(new_learner.pk)  # still logged in
    client.post(reverse("account_logout"))
    assert _logged_in_user_id(client) is None

    response = client.post(
        reverse("account_login"), {"login": "lea.dupont", "password": "482916"}
    )

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(new_learner.pk)
    new_learner.refresh_from_db()
    assert new_learner.must_choose_secret is False


def test_views_card_login_card_refused_after_choosing_pin(client, new_learner):
    """A second card printed before the PIN was chosen no longer works after it."""
    trainer = TrainerFactory()
    [first] = services.login_cards_issue(issuer=trainer, learners=[new_learner])
    client.post(reverse("members:card-login", args=[first.token]))
    [second] = services.login_cards_issue(issuer=trainer, learners=[new_learner])
    client.post(
        reverse("members:choose-secret"),
        {"kind": "pin", "secret": "482916", "secret_again": "482916"},
    )

    response = Client().post(reverse("members:card-login", args=[second.token]))

    assert response.status_code == 410


def test_views_card_login_trivial_pin_refused_by_field(client, card_url):
    """123456 is refused, with the reason shown next to the code field."""
    client.post(card_url)

    response = client.post(
        reverse("members:choose-secret"),
        {"kind": "pin", "secret": "123456", "secret_again": "123456"},
    )

    assert response.status_code == 200
    assert field_error(response, "secret") == (
        "Ce code est trop facile à deviner. Choisissez d'autres chiffres."
    )


def test_views_card_login_mismatched_repeat_refused(client, card_url, new_learner):
    """The two entries must be the same; the learner is told next to the second."""
    client.post(card_url)

    response = client.post(
        reverse("members:choose-secret"),
        {"kind": "pin", "secret": "482916", "secret_again": "482917"},
    )

    assert response.status_code == 200
    assert "pas le même" in field_error(response, "secret_again")
    new_learner.refresh_from_db()
    assert new_learner.must_choose_secret is True


def test_views_card_login_choose_secret_requires_login(client):
    """The choose-secret page sends visitors to log in."""
    response = client.get(reverse("members:choose-secret"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_views_card_login_trainer_cannot_choose_a_pin(client, trainer):
    """A trainer who entered with a card and picks a PIN is told it is for learners."""
    [card] = services.login_cards_issue(issuer=trainer, learners=[trainer])
    client.post(reverse("members:card-login", args=[card.token]))

    response = client.post(
        reverse("members:choose-secret"),
        {"kind": "pin", "secret": "482916", "secret_again": "482916"},
    )

    assert response.status_code == 200
    assert "réservé aux apprenant" in field_error(response, "secret")
    trainer.refresh_from_db()
    assert not trainer.check_password("482916")


def test_views_card_login_open_session_cannot_change_secret_without_password(
    client, learner
):
    """On a shared computer left logged in, nobody can set a new secret unasked."""
    client.force_login(learner)

    response = client.post(
        reverse("members:choose-secret"),
        {"kind": "pin", "secret": "482916", "secret_again": "482916"},
    )

    learner.refresh_from_db()
    assert not learner.check_password("482916")
    assert learner.check_password(PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_change_password")


def test_views_card_login_reprinted_card_lets_learner_choose_again(client):
    """A learner who forgot their PIN gets a new card and chooses a new PIN."""
    learner = LearnerFactory(username="lea.dupont")
    trainer = TrainerFactory()
    services.learner_secret_set(user=learner, kind="pin", secret="482916")
    [card] = services.login_cards_issue(issuer=trainer, learners=[learner])

    client.post(reverse("members:card-login", args=[card.token]))
    response = client.post(
        reverse("members:choose-secret"),
        {"kind": "pin", "secret": "739204", "secret_again": "739204"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    learner.refresh_from_db()
    assert learner.check_password("739204")
    assert learner.must_choose_secret is False


def test_views_card_login_password_change_cancels_pending_card(client):
    """A card printed before the learner changed their password no longer works."""
    learner = LearnerFactory()
    [card] = services.login_cards_issue(issuer=TrainerFactory(), learners=[learner])
    client.force_login(learner)

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "velo-rouge-sur-la-meuse",
            "password2": "velo-rouge-sur-la-meuse",
        },
    )

    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password("velo-rouge-sur-la-meuse")
    response = Client().post(reverse("members:card-login", args=[card.token]))
    assert response.status_code == 410


def test_views_card_login_secret_chosen_once_per_card(client, card_url, new_learner):
    """Once the PIN is chosen, changing it again asks for the current one."""
    client.post(card_url)
    secret = {"kind": "pin", "secret": "482916", "secret_again": "482916"}
    client.post(reverse("members:choose-secret"), secret)

    response = client.post(
        reverse("members:choose-secret"), {**secret, "secret": "739204"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_change_password")
    new_learner.refresh_from_db()
    assert new_learner.check_password("482916")


def test_views_card_login_password_reset_cancels_pending_card(
    client, django_capture_on_commit_callbacks
):
    """A password reset by e-mail also cancels a card printed before it."""
    learner = LearnerFactory()
    [card] = services.login_cards_issue(issuer=TrainerFactory(), learners=[learner])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": learner.email})
    link = re.search(r"/accounts/password/reset/key/\S+", mail.outbox[0].body)
    form_url = client.get(link.group(0), follow=True).redirect_chain[-1][0]
    new_password = "velo-rouge-sur-la-meuse"
    client.post(form_url, {"password1": new_password, "password2": new_password})

    learner.refresh_from_db()
    assert learner.check_password(new_password)
    response = Client().post(reverse("members:card-login", args=[card.token]))
    assert response.status_code == 410


def test_views_card_login_address_typed_with_other_digits_and_dashes(
    client, new_learner
):
    """The card's address typed with Arabic-Indic digits and an en dash works."""
    [card] = services.login_cards_issue(issuer=TrainerFactory(), learners=[new_learner])
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    typed = token_display(card.token).translate(arabic).replace("-", "–")

    response = client.post(reverse("members:card-login", args=[typed]))

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(new_learner.pk)
