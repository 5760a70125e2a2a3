"""django-allauth pages: log-in, throttling, sign-up, password reset, log-in by code."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from members.models import User
from tests.factories import PASSWORD, LearnerFactory
from tests.pages import field_error

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
WRONG = "pas-le-bon-mot-de-passe"
THROTTLED = (
    "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement."
)


def _log_in(client: Client, login: str, password: str, ip: str = "127.0.0.1"):
    return client.post(LOGIN, {"login": login, "password": password}, REMOTE_ADDR=ip)


def _logged_in_user_id(client: Client):
    return client.session.get("_auth_user_id")


def test_views_accounts_login_with_username(client, learner):
    """A member logs in with their username and password and lands on the home page."""
    response = _log_in(client, learner.username, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _logged_in_user_id(client) == str(learner.pk)


def test_views_accounts_login_with_email(client, learner):
    """A member with an e-mail address can log in with it instead, in any case."""
    response = _log_in(client, learner.email.upper(), PASSWORD)

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(learner.pk)


def test_views_accounts_login_username_any_case(client):
    """Usernames are not case-sensitive when logging in (Lea.Dupont = lea.dupont)."""
    learner = LearnerFactory(username="lea.dupont")

    response = _log_in(client, "Lea.Dupont", PASSWORD)

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(learner.pk)


def test_views_accounts_wrong_password_error_by_password_field(client, learner):
    """A wrong password is reported next to the password field, and nobody logs in."""
    response = _log_in(client, learner.username, WRONG)

    assert response.status_code == 200
    assert field_error(response, "password") == (
        "Le pseudo et/ou le mot de passe sont incorrects."
    )
    assert _logged_in_user_id(client) is None


def test_views_accounts_unknown_username_same_answer(client, learner):
    """An unknown username gets exactly the same answer as a wrong password."""
    known = _log_in(client, learner.username, WRONG)
    unknown = _log_in(client, "personne.inconnue", WRONG)

    assert unknown.status_code == known.status_code == 200
    assert field_error(unknown, "password") == field_error(known, "password") != ""
    assert field_error(unknown, "login") == field_error(known, "login") == ""


def test_views_accounts_unknown_email_same_answer(client, learner):
    """An unknown e-mail address gets the same answer as a known one."""
    known = _log_in(client, learner.email, WRONG)
    unknown = _log_in(client, "personne@example.org", WRONG)

    assert field_error(unknown, "password") == field_error(known, "password") != ""


def test_views_accounts_learner_without_password_cannot_log_in(client):
    """A trainer-created account has no password until its learner chooses one."""
    learner = LearnerFactory(username="lea.dupont")
    learner.set_unusable_password()
    learner.save()

    for password in ("", "!", learner.password):
        response = _log_in(client, "lea.dupont", password)
        assert _logged_in_user_id(client) is None
        assert response.status_code == 200


def test_views_accounts_throttled_after_five_failures_even_right_password(
    client, learner
):
    """After 5 wrong passwords for an account, even the right one is refused."""
    for ip_suffix in range(5):
        response = _log_in(client, learner.username, WRONG, ip=f"10.0.0.{ip_suffix}")
        assert "incorrects" in field_error(response, "password")

    response = _log_in(client, learner.username, PASSWORD, ip="10.0.1.1")

    assert response.status_code == 200
    assert field_error(response, "password") == THROTTLED
    assert _logged_in_user_id(client) is None


def test_views_accounts_throttle_is_per_account(client, learner):
    """Failures on one account do not lock another account out."""
    other = LearnerFactory()
    for ip_suffix in range(5):
        _log_in(client, learner.username, WRONG, ip=f"10.0.0.{ip_suffix}")

    response = _log_in(client, other.username, PASSWORD, ip="10.0.1.1")

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(other.pk)


def test_views_accounts_throttle_same_for_unknown_username(client, learner):
    """Unknown usernames are throttled the same way, so throttling reveals nothing."""
    answers = {}
    for login in (learner.username, "personne.inconnue"):
        for ip_suffix in range(5):
            _log_in(Client(), login, WRONG, ip=f"10.{len(answers)}.0.{ip_suffix}")
        answers[login] = _log_in(Client(), login, WRONG, ip="10.9.9.9")

    known, unknown = answers.values()
    assert known.status_code == unknown.status_code == 200
    assert field_error(known, "password") == field_error(unknown, "password")
    assert field_error(known, "password") == THROTTLED


def test_views_accounts_successful_log_in_does_not_count_as_failure(client, learner):
    """A member who logs in and out several times is never throttled."""
    for _ in range(8):
        response = _log_in(client, learner.username, PASSWORD, ip="10.0.0.1")
        assert response.status_code == 302
        client.post(reverse("account_logout"))


def test_views_accounts_200_failures_stay_refused(client, learner):
    """200 wrong passwords in a row never get in; the right one is refused meanwhile."""
    statuses = set()
    for _ in range(200):
        response = _log_in(client, learner.username, WRONG)
        statuses.add(response.status_code)
        assert _logged_in_user_id(client) is None
        if response.status_code == 200:
            assert field_error(response, "password") in (
                "Le pseudo et/ou le mot de passe sont incorrects.",
                THROTTLED,
            )

    # allauth answers 429 once the address exceeds 30 log-in POSTs a minute.
    assert statuses == {200, 429}
    response = _log_in(client, learner.username, PASSWORD)
    assert response.status_code == 429
    assert _logged_in_user_id(client) is None
    # From another address, the account itself is still locked for a while.
    response = _log_in(client, learner.username, PASSWORD, ip="10.20.30.40")
    assert response.status_code == 200
    assert field_error(response, "password") == THROTTLED
    assert _logged_in_user_id(client) is None


def test_views_accounts_signup_creates_a_learner(client):
    """Sign-up creates a learner, even if the form is tampered with to say staff."""
    with_email = {
        "username": "nadia",
        "email": "nadia@example.org",
        "password1": "velo-rouge-sur-la-meuse",
        "password2": "velo-rouge-sur-la-meuse",
        "age_confirmed": "on",
        "role": "staff",
        "is_staff": "on",
        "is_superuser": "on",
    }

    response = client.post(reverse("account_signup"), with_email)

    assert response.status_code == 302
    nadia = User.objects.get(username="nadia")
    assert nadia.role == User.Role.LEARNER
    assert not nadia.is_staff
    assert not nadia.is_superuser
    assert nadia.organisation is None
    assert _logged_in_user_id(client) == str(nadia.pk)


def test_views_accounts_signup_without_email(client):
    """E-mail is optional: a person without an address can still sign up."""
    response = client.post(
        reverse("account_signup"),
        {
            "username": "karim",
            "password1": "velo-rouge-sur-la-meuse",
            "password2": "velo-rouge-sur-la-meuse",
            "age_confirmed": "on",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(username="karim").email == ""


def test_views_accounts_signup_username_taken_in_another_case(client):
    """Nobody can sign up as Lea.Dupont when lea.dupont exists."""
    LearnerFactory(username="lea.dupont")

    response = client.post(
        reverse("account_signup"),
        {
            "username": "Lea.Dupont",
            "password1": "velo-rouge-sur-la-meuse",
            "password2": "velo-rouge-sur-la-meuse",
            "age_confirmed": "on",
        },
    )

    assert response.status_code == 200
    assert field_error(response, "username")
    assert User.objects.filter(username__iexact="lea.dupont").count() == 1


def test_views_accounts_signup_weak_password_refused(client):
    """A weak password is refused at sign-up; no account is created."""
    response = client.post(
        reverse("account_signup"),
        {
            "username": "karim",
            "password1": "12345678",
            "password2": "12345678",
            "age_confirmed": "on",
        },
    )

    assert response.status_code == 200
    assert field_error(response, "password1")
    assert not User.objects.filter(username="karim").exists()


def test_views_accounts_signup_confirmation_email_sent(
    client, django_capture_on_commit_callbacks
):
    """Signing up with an address sends a confirmation e-mail after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "username": "nadia",
                "email": "nadia@example.org",
                "password1": "velo-rouge-sur-la-meuse",
                "password2": "velo-rouge-sur-la-meuse",
                "age_confirmed": "on",
            },
        )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nadia@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_views_accounts_password_reset_sends_email(
    client, learner, django_capture_on_commit_callbacks
):
    """Asking for a password reset sends a link to the member's address."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("account_reset_password"), {"email": learner.email}
        )

    assert response.status_code == 302
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [learner.email]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_views_accounts_password_reset_nothing_sent_before_commit(client, learner):
    """The e-mail leaves only once the request's transaction has committed."""
    client.post(reverse("account_reset_password"), {"email": learner.email})

    assert mail.outbox == []


def test_views_accounts_password_reset_link_sets_new_password(
    client, learner, django_capture_on_commit_callbacks
):
    """The link in the e-mail lets the member choose a new password and log in."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": learner.email})
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body
    )
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0]

    response = client.post(
        form_url,
        {
            "password1": "velo-rouge-sur-la-meuse",
            "password2": "velo-rouge-sur-la-meuse",
        },
    )

    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password("velo-rouge-sur-la-meuse")
    assert not learner.check_password(PASSWORD)


def test_views_accounts_password_reset_unknown_address_same_answer(
    client, learner, django_capture_on_commit_callbacks
):
    """An unknown address gets the same page as a known one (no enumeration)."""
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("account_reset_password"), {"email": learner.email})
        unknown = Client().post(
            reverse("account_reset_password"), {"email": "personne@example.org"}
        )

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert [message.to for message in mail.outbox] == [
        [learner.email],
        ["personne@example.org"],
    ]
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_views_accounts_login_by_code_sends_email_and_logs_in(
    client, learner, django_capture_on_commit_callbacks
):
    """Log-in by code e-mails a code; typing it logs the member in."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_request_login_code"), {"email": learner.email}
        )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [learner.email]
    body = mail.outbox[0].body
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", body, re.M).group(1)

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(learner.pk)
