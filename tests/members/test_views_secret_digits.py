"""A code secret typed in Arabic-Indic or Persian digits, on the card's pages and
at log-in; the words "code secret" on every page a card learner sees."""

import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from members import services
from members.cards import token_display
from tests.factories import LearnerFactory, TrainerFactory
from tests.pages import field_error

pytestmark = pytest.mark.django_db

ARABIC = "٤٨٢٩١٣"
PERSIAN = "۴۸۲۹۱۳"


@pytest.fixture
def carded(client):
    """A learner who just entered with a printed card."""
    learner = LearnerFactory(username="amina.benali", must_choose_secret=True)
    learner.set_unusable_password()
    learner.save()
    [card] = services.login_cards_issue(issuer=TrainerFactory(), learners=[learner])
    client.post(reverse("members:card-login", args=[token_display(card.token)]))
    return learner


def _input(html: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group()


def test_views_secret_digits_pin_chosen_in_arabic_digits(client, carded):
    """٤٨٢٩١٣ is accepted as a code secret, and 482913 or ۴۸۲۹۱۳ open it later."""
    response = client.post(
        reverse("members:choose-secret"),
        {"kind": "pin", "secret": ARABIC, "secret_again": "482 913"},
    )

    assert response.status_code == 302
    carded.refresh_from_db()
    assert carded.check_password("482913")
    for typed in ("482913", PERSIAN, ARABIC):
        client.post(reverse("account_logout"))
        response = client.post(
            reverse("account_login"), {"login": "amina.benali", "password": typed}
        )
        assert response.status_code == 302, typed
        assert client.session["_auth_user_id"] == str(carded.pk)


def test_views_secret_digits_wrong_pin_still_refused(client, carded):
    """Reading digits of any script lets in nobody with the wrong code."""
    services.learner_secret_set(user=carded, kind="pin", secret="482913")

    response = client.post(
        reverse("account_login"), {"login": "amina.benali", "password": "٤٨٢٩١٤"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_views_secret_digits_pin_page_shows_the_digit_pad(client, carded):
    """The code secret's fields ask phones for their digit pad; the password page
    keeps the full keyboard."""
    pin_page = client.get(reverse("members:choose-secret")).content.decode()
    password_page = client.get(
        reverse("members:choose-secret") + "?kind=password"
    ).content.decode()

    for name in ("secret", "secret_again"):
        assert 'inputmode="numeric"' in _input(pin_page, name)
        assert "inputmode" not in _input(password_page, name)
    assert "Choisir mon code secret" in pin_page
    assert "Mon code secret (6 chiffres)" in pin_page
    assert "Je préfère un mot de passe" in pin_page
    assert "Choisir mon mot de passe" in password_page


def test_views_secret_digits_password_chosen_on_its_page(client, carded):
    """A learner who prefers a password sets one on the password page."""
    response = client.post(
        reverse("members:choose-secret"),
        {
            "kind": "password",
            "secret": "velo-rouge-2026",
            "secret_again": "velo-rouge-2026",
        },
    )

    assert response.status_code == 302
    carded.refresh_from_db()
    assert carded.check_password("velo-rouge-2026")


def test_views_secret_digits_different_codes_told_apart(client, carded):
    """Two different codes are refused next to the second field."""
    response = client.post(
        reverse("members:choose-secret"),
        {"kind": "pin", "secret": ARABIC, "secret_again": "482914"},
    )

    assert field_error(response, "secret_again") == (
        "Ce n'est pas le même. Écrivez-le encore une fois."
    )


def test_views_secret_digits_login_page_says_code_secret(client):
    """The log-in form names the card's code secret, and its "forgotten" link
    leads to a page that tells card learners to ask their trainer."""
    login = unescape(client.get(reverse("account_login")).content.decode())

    assert "Mot de passe ou code secret" in login
    assert "Mot de passe ou code secret oublié ?" in login
    reset = unescape(client.get(reverse("account_reset_password")).content.decode())
    assert "Vous avez reçu une carte de connexion ?" in reset
    assert "Demandez une nouvelle carte à votre formateur ou formatrice." in reset
    assert 'name="email"' in reset  # the e-mail reset is still there
    refused = client.post(reverse("members:card-login", args=["ABCD-EFGH-JKMN"]))
    assert "J'ai déjà un code secret ou un mot de passe" in unescape(
        refused.content.decode()
    )


def test_views_secret_digits_emailed_code_pasted_with_an_en_dash(
    client, django_capture_on_commit_callbacks
):
    """The log-in code received by e-mail works when pasted with an en dash and
    no-break spaces (as a mail program on a phone may copy it)."""
    LearnerFactory(email="amal@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_request_login_code"), {"email": "amal@example.org"}
        )
    [message] = mail.outbox
    code = re.search(r"\b([A-Z]{4})-([A-Z]{4})\b", message.body)

    response = client.post(
        reverse("account_confirm_login_code"),
        {"code": f"\u00a0{code.group(1)}–{code.group(2)}\u00a0"},
    )

    assert response.status_code == 302
    assert "_auth_user_id" in client.session
