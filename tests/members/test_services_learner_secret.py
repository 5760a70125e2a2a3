"""Learners choose a 6-digit PIN or a password; their pending cards stop working."""

import pytest
from django.core.exceptions import ValidationError

from members import services
from members.models import LoginCard
from tests.factories import LearnerFactory, TrainerFactory

pytestmark = pytest.mark.django_db


def _new_learner():
    learner = LearnerFactory(must_choose_secret=True)
    learner.set_unusable_password()
    learner.save()
    return learner


def test_services_learner_secret_pin_logs_in():
    """A learner's 6-digit PIN becomes their secret; they no longer must choose one."""
    learner = _new_learner()

    services.learner_secret_set(user=learner, kind="pin", secret="482916")

    learner.refresh_from_db()
    assert learner.check_password("482916")
    assert learner.must_choose_secret is False


@pytest.mark.parametrize("pin", ["000000", "999999", "123456", "654321", "345678"])
def test_services_learner_secret_trivial_pin_refused(pin):
    """Easily guessed PINs are refused with a message saying why."""
    learner = _new_learner()

    with pytest.raises(ValidationError) as error:
        services.learner_secret_set(user=learner, kind="pin", secret=pin)

    assert error.value.messages == [
        "Ce code est trop facile à deviner. Choisissez d'autres chiffres."
    ]
    learner.refresh_from_db()
    assert not learner.has_usable_password()
    assert learner.must_choose_secret is True


@pytest.mark.parametrize("pin", ["12345", "1234567", "12a456", "١٢٣٤٥", ""])
def test_services_learner_secret_pin_must_be_six_digits(pin):
    """A PIN is exactly six digits; anything else is refused."""
    learner = _new_learner()

    with pytest.raises(ValidationError, match="6 chiffres"):
        services.learner_secret_set(user=learner, kind="pin", secret=pin)
    learner.refresh_from_db()
    assert not learner.has_usable_password()


def test_services_learner_secret_pin_refused_for_trainer():
    """A trainer cannot protect their account with a 6-digit PIN."""
    trainer = TrainerFactory()

    with pytest.raises(ValidationError, match="réservé aux apprenant") as error:
        services.learner_secret_set(user=trainer, kind="pin", secret="482916")

    assert error.value.code == "pin_role"
    trainer.refresh_from_db()
    assert not trainer.check_password("482916")


@pytest.mark.parametrize("password", ["court", "motdepasse", "12345678901"])
def test_services_learner_secret_password_validators_apply(password):
    """A password must pass the platform's rules (length, common, only digits)."""
    learner = _new_learner()

    with pytest.raises(ValidationError):
        services.learner_secret_set(user=learner, kind="password", secret=password)
    learner.refresh_from_db()
    assert not learner.has_usable_password()


def test_services_learner_secret_password_similar_to_username_refused():
    """A password that is just the username is refused."""
    learner = _new_learner()
    learner.username = "lea.dupont"
    learner.save()

    with pytest.raises(ValidationError):
        services.learner_secret_set(user=learner, kind="password", secret="lea.dupont")


def test_services_learner_secret_good_password_accepted():
    """A long, uncommon password is accepted."""
    learner = _new_learner()

    services.learner_secret_set(
        user=learner, kind="password", secret="velo-rouge-sur-la-meuse"
    )

    learner.refresh_from_db()
    assert learner.check_password("velo-rouge-sur-la-meuse")
    assert learner.must_choose_secret is False


def test_services_learner_secret_revokes_pending_cards():
    """After the learner chooses a secret, cards printed earlier no longer log in."""
    trainer, learner = TrainerFactory(), _new_learner()
    [card] = services.login_cards_issue(issuer=trainer, learners=[learner])

    services.learner_secret_set(user=learner, kind="pin", secret="482916")

    assert LoginCard.objects.get().revoked_at is not None
    with pytest.raises(ValidationError, match="ne fonctionne plus"):
        services.login_card_redeem(token=card.token)


def test_services_learner_secret_used_card_cannot_be_reused_after_choosing():
    """The card used to log in stays spent once the learner has chosen a PIN."""
    trainer, learner = TrainerFactory(), _new_learner()
    [card] = services.login_cards_issue(issuer=trainer, learners=[learner])
    services.login_card_redeem(token=card.token)

    services.learner_secret_set(user=learner, kind="pin", secret="482916")

    with pytest.raises(ValidationError, match="ne fonctionne plus"):
        services.login_card_redeem(token=card.token)


@pytest.mark.parametrize("pin", ["٤٨٢٩١٦", "۴۸۲۹۱۶", "482 916", "482–916"])
def test_services_learner_secret_pin_typed_in_any_script(pin):
    """Arabic-Indic or Persian digits, spaces or a dash: the same PIN, kept in
    ASCII so that a Latin keyboard types it too."""
    learner = _new_learner()

    services.learner_secret_set(user=learner, kind="pin", secret=pin)

    learner.refresh_from_db()
    assert learner.check_password("482916")


def test_services_learner_secret_trivial_pin_in_arabic_digits_refused():
    """١٢٣٤٥٦ is 123456: too easy to guess in any script."""
    learner = _new_learner()

    with pytest.raises(ValidationError, match="trop facile"):
        services.learner_secret_set(user=learner, kind="pin", secret="١٢٣٤٥٦")
