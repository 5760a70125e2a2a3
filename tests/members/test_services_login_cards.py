"""Log-in cards: issued by trainers, used once, refused after use or expiry."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members import services
from members.models import LoginCard
from tests.factories import LearnerFactory, TrainerFactory

pytestmark = pytest.mark.django_db


def test_services_login_cards_redeem_once():
    """A card logs its learner in once; the second use is refused."""
    trainer, learner = TrainerFactory(), LearnerFactory()
    [card] = services.login_cards_issue(issuer=trainer, learners=[learner])

    assert services.login_card_redeem(token=card.token) == learner
    with pytest.raises(ValidationError, match="ne fonctionne plus"):
        services.login_card_redeem(token=card.token)


def test_services_login_cards_expired_refused_like_unknown():
    """An expired card and a made-up one get the same words."""
    trainer, learner = TrainerFactory(), LearnerFactory()
    [card] = services.login_cards_issue(issuer=trainer, learners=[learner])
    LoginCard.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    with pytest.raises(ValidationError) as expired:
        services.login_card_redeem(token=card.token)
    with pytest.raises(ValidationError) as unknown:
        services.login_card_redeem(token="ABCD-EFGH-JKMN")
    assert expired.value.messages == unknown.value.messages


def test_services_login_cards_reprint_revokes_older_unused_cards():
    """Printing new cards makes the learner's earlier unused card stop working."""
    trainer, learner = TrainerFactory(), LearnerFactory()
    [old] = services.login_cards_issue(issuer=trainer, learners=[learner])
    [new] = services.login_cards_issue(issuer=trainer, learners=[learner])

    with pytest.raises(ValidationError, match="ne fonctionne plus"):
        services.login_card_redeem(token=old.token)
    assert services.login_card_redeem(token=new.token) == learner


def test_services_login_cards_reprint_leaves_other_learners_cards_alone():
    """A new card for one learner does not cancel another learner's card."""
    trainer, lea, tom = TrainerFactory(), LearnerFactory(), LearnerFactory()
    [tom_card] = services.login_cards_issue(issuer=trainer, learners=[tom])
    services.login_cards_issue(issuer=trainer, learners=[lea])

    assert services.login_card_redeem(token=tom_card.token) == tom


def test_services_login_cards_revoked_refused():
    """A card revoked by staff is refused with the same words."""
    trainer, learner = TrainerFactory(), LearnerFactory()
    [card] = services.login_cards_issue(issuer=trainer, learners=[learner])
    LoginCard.objects.update(revoked_at=timezone.now())

    with pytest.raises(ValidationError, match="ne fonctionne plus"):
        services.login_card_redeem(token=card.token)


def test_services_login_cards_inactive_user_refused():
    """A deactivated account cannot log in with a card, and the card stays unused."""
    trainer, learner = TrainerFactory(), LearnerFactory()
    [card] = services.login_cards_issue(issuer=trainer, learners=[learner])
    learner.is_active = False
    learner.save()

    with pytest.raises(ValidationError, match="ne fonctionne plus"):
        services.login_card_redeem(token=card.token)
    assert LoginCard.objects.get().used_at is None


def test_services_login_cards_expire_after_configured_days(settings):
    """A card works for LOGIN_CARD_TTL_DAYS days from printing, not longer."""
    settings.LOGIN_CARD_TTL_DAYS = 3
    trainer, learner = TrainerFactory(), LearnerFactory()
    before = timezone.now()
    services.login_cards_issue(issuer=trainer, learners=[learner])

    card = LoginCard.objects.get()
    assert before + timedelta(days=3) <= card.expires_at
    assert card.expires_at <= timezone.now() + timedelta(days=3)
    assert card.is_usable


def test_services_login_cards_only_hash_stored():
    """The printed token is not stored in the database, only its hash."""
    trainer, learner = TrainerFactory(), LearnerFactory()
    [card] = services.login_cards_issue(issuer=trainer, learners=[learner])

    row = LoginCard.objects.get()
    assert card.token not in row.token_hash
    assert not LoginCard.objects.filter(token_hash=card.token).exists()


@pytest.mark.parametrize(
    "typed",
    [
        "01ab-1cd0-ef1g",  # lower case
        "01AB 1CD0 EF1G",  # spaces instead of dashes
        " 01AB1CD0EF1G ",  # no dashes, spaces around
        "OIAB-LCDO-EFIG",  # letters O, I and L read for the digits 0 and 1
        "oLab icdo-EF lg",  # all of it at once
    ],
)
def test_services_login_cards_forgiving_input(monkeypatch, typed):
    """A token typed off paper with case, spacing or O/0, I/L/1 slips still works."""
    monkeypatch.setattr(services.cards, "token_generate", lambda: "01AB1CD0EF1G")
    trainer, learner = TrainerFactory(), LearnerFactory()
    services.login_cards_issue(issuer=trainer, learners=[learner])

    assert services.login_card_redeem(token=typed) == learner
    with pytest.raises(ValidationError):
        services.login_card_redeem(token="01AB-1CD0-EF1G")


@pytest.mark.parametrize(
    "typed", ["", "01AB-1CD0-EF1", "01AB-1CD0-EF1GG", "01AB-1CD0-EF1!"]
)
def test_services_login_cards_malformed_input_refused(monkeypatch, typed):
    """A token too short, too long or with stray symbols is refused, not guessed."""
    monkeypatch.setattr(services.cards, "token_generate", lambda: "01AB1CD0EF1G")
    trainer, learner = TrainerFactory(), LearnerFactory()
    services.login_cards_issue(issuer=trainer, learners=[learner])

    with pytest.raises(ValidationError, match="ne fonctionne plus"):
        services.login_card_redeem(token=typed)
    assert LoginCard.objects.get().used_at is None
