"""Reads on members: groups and their learners, the language a member reads."""

from django.conf import settings
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from .models import LearnerGroup, User


def groups_led_by(trainer: User) -> QuerySet[LearnerGroup]:
    groups = LearnerGroup.objects.select_related("trainer").annotate(
        learner_count=Count("learners")
    )
    if trainer.is_staff_member:
        return groups
    return groups.filter(trainer=trainer)


def group_for_trainer(trainer: User, pk: int) -> LearnerGroup:
    """The group if this trainer leads it; another trainer's group is a 404."""
    return get_object_or_404(groups_led_by(trainer), pk=pk)


def group_learners(group: LearnerGroup) -> QuerySet[User]:
    return group.learners.order_by("last_name", "first_name")


def group_learner(group: LearnerGroup, user_pk: int) -> User:
    return get_object_or_404(group_learners(group), pk=user_pk)


def member_language(user: User, *, default: str | None = None) -> str:
    """The language to write to the member in: the one they chose on screen, else
    `default` (e.g. the course's), else the platform's."""
    return user.language or default or settings.LANGUAGE_CODE


def card_language(learner: User, group: LearnerGroup) -> str:
    """The language a learner's log-in card is printed in: the one they chose,
    else their group's, else their trainer's, else the platform's."""
    return (
        learner.language
        or group.language
        or group.trainer.language
        or settings.LANGUAGE_CODE
    )
