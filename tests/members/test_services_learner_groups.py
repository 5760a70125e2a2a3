"""Trainer-created learner accounts: usernames, consent, and no usable password."""

import pytest
from django.core.exceptions import ValidationError

from members import services
from members.models import LearnerGroup, User
from members.services import PersonName
from tests.factories import LearnerFactory, TrainerFactory

pytestmark = pytest.mark.django_db


def _create(trainer, *names: str, consent: bool = True) -> LearnerGroup:
    people = [PersonName(*name.split(" ", 1)) for name in names]
    return services.learner_group_create(
        trainer=trainer, name="Mardi matin", people=people, consent_confirmed=consent
    )


def _usernames(group: LearnerGroup) -> list[str]:
    return list(group.learners.order_by("pk").values_list("username", flat=True))


def test_services_learner_groups_username_first_dot_last():
    """Léa Dupont gets the username lea.dupont, accents folded, lower case."""
    group = _create(TrainerFactory(), "Léa Dupont", "Zoë Müller-Çelik")

    assert _usernames(group) == ["lea.dupont", "zoe.mullercelik"]
    lea = group.learners.get(username="lea.dupont")
    assert (lea.first_name, lea.last_name) == ("Léa", "Dupont")


def test_services_learner_groups_same_name_twice_gets_suffix():
    """Two people with the same name in one group get lea.dupont and lea.dupont2."""
    group = _create(TrainerFactory(), "Léa Dupont", "Lea Dupont", "LÉA DUPONT")

    assert _usernames(group) == ["lea.dupont", "lea.dupont2", "lea.dupont3"]


def test_services_learner_groups_existing_usernames_are_skipped():
    """Usernames already taken by other accounts (any case) are never reused."""
    LearnerFactory(username="lea.dupont")
    LearnerFactory(username="Lea.Dupont2")

    group = _create(TrainerFactory(), "Léa Dupont")

    assert _usernames(group) == ["lea.dupont3"]
    assert User.objects.filter(username__iexact="lea.dupont").count() == 1


def test_services_learner_groups_second_group_continues_the_suffixes():
    """A second group with the same names continues after the first group's names."""
    trainer = TrainerFactory()
    _create(trainer, "Léa Dupont", "Léa Dupont")

    second = _create(trainer, "Léa Dupont")

    assert _usernames(second) == ["lea.dupont3"]


def test_services_learner_groups_long_names_stay_short_enough_to_type():
    """A very long name gives a username of at most 24 characters, suffix included."""
    long_name = "Marie-Christine Vanderlinden-Bouchez"
    group = _create(TrainerFactory(), *[long_name] * 12)

    usernames = _usernames(group)
    assert len(set(usernames)) == 12
    assert all(len(name) <= 24 for name in usernames)
    assert all(name.startswith("mariechristine.vande") for name in usernames)


def test_services_learner_groups_arabic_name_gets_fallback_username():
    """A name in Arabic script gets a readable Latin fallback username, unique too."""
    group = _create(TrainerFactory(), "ليلى بن علي", "يوسف العلوي")

    usernames = _usernames(group)
    assert usernames == ["apprenant", "apprenant2"]
    assert all(name.isascii() for name in usernames)
    layla = group.learners.get(username="apprenant")
    assert (layla.first_name, layla.last_name) == ("ليلى", "بن علي")


def test_services_learner_groups_accounts_have_no_usable_password():
    """New accounts cannot log in with any password until the learner chooses one."""
    trainer = TrainerFactory()
    group = _create(trainer, "Léa Dupont", "Tom Lambert")

    for learner in group.learners.all():
        assert not learner.has_usable_password()
        assert not learner.check_password("")
        assert learner.must_choose_secret is True
        assert learner.created_by == trainer
        assert learner.role == User.Role.LEARNER
        assert learner.email == ""
        assert learner.consent_confirmed_at is not None
    assert group.trainer == trainer
    assert group.learners.count() == 2


def test_services_learner_groups_consent_required():
    """Without the trainer confirming consent, no group and no account is created."""
    trainer = TrainerFactory()
    users_before = User.objects.count()

    with pytest.raises(ValidationError, match="sont d'accord") as error:
        _create(trainer, "Léa Dupont", consent=False)

    assert error.value.code == "consent"
    assert not LearnerGroup.objects.exists()
    assert User.objects.count() == users_before


def test_services_learner_groups_empty_list_refused():
    """An empty list of people is refused and leaves no empty group behind."""
    with pytest.raises(ValidationError, match="au moins une personne"):
        services.learner_group_create(
            trainer=TrainerFactory(), name="Vide", people=[], consent_confirmed=True
        )

    assert not LearnerGroup.objects.exists()
