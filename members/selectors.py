"""Reads on members: groups and their learners, the language a member reads."""

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
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


def learners_visible_to(trainer: User) -> QuerySet[User]:
    """Learners a trainer already works with: in one of their groups, or whose
    account they created (staff: every learner)."""
    learners = User.objects.filter(role=User.Role.LEARNER, is_active=True)
    if trainer.is_staff_member:
        return learners
    return learners.filter(
        Q(learner_groups__trainer=trainer) | Q(created_by=trainer)
    ).distinct()


def people_existing_accounts(trainer: User, people: list) -> dict[int, list[User]]:
    """For each person of a trainer's list (by position), the learners they work
    with who may be that person: the same e-mail, or the same first and last name
    (any case) with no other e-mail. One query for the whole list."""
    names = Q(pk__in=[])
    for person in people:
        names |= Q(
            first_name__iexact=person.first_name, last_name__iexact=person.last_name
        )
    emails = {p.email.lower() for p in people if p.email}
    candidates = list(
        learners_visible_to(trainer)
        .annotate(address=Lower("email"))
        .filter(names | Q(address__in=emails))
        .prefetch_related("learner_groups")
        .order_by("last_name", "first_name", "pk")
    )
    found = {}
    for index, person in enumerate(people):
        email = person.email.lower()
        same = [
            user
            for user in candidates
            if (email and user.address == email)
            or (
                user.first_name.lower() == person.first_name.lower()
                and user.last_name.lower() == person.last_name.lower()
                and (not email or not user.address)
            )
        ]
        if same:
            found[index] = same
    return found
