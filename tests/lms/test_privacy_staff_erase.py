"""The team erases a trainer's, partner's or team member's account at their
request: after the hand-over of their courses and groups, never their own."""

import pytest
from django.urls import reverse

from courses.models import Course
from members.models import LearnerGroup, User
from tests.factories import (
    CourseFactory,
    LearnerFactory,
    LearnerGroupFactory,
    PartnerFactory,
    StaffFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


def url(user) -> str:
    return reverse("staff-erase", args=[user.pk])


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def trainer():
    return TrainerFactory(first_name="Théodule", last_name="Vandermeulen")


def test_privacy_staff_erase_refuses_until_courses_and_groups_are_handed_over(
    client, staff, trainer
):
    course = CourseFactory(title="Premiers pas")
    course.trainers.add(trainer)
    group = LearnerGroupFactory(trainer=trainer, name="Mardi matin")
    client.force_login(staff)

    refused = client.post(url(trainer), {"username": trainer.username})

    page = refused.content.decode()
    assert "« Premiers pas »" in page and "« Mardi matin »" in page
    trainer.refresh_from_db()
    assert trainer.is_active and trainer.last_name == "Vandermeulen"

    # Hand-over: another trainer takes the course and the group.
    successor = TrainerFactory()
    course.trainers.set([successor])
    group.trainer = successor
    group.save()
    done = client.post(url(trainer), {"username": trainer.username}, follow=True)

    assert "ont été effacés" in done.content.decode()
    trainer.refresh_from_db()
    assert not trainer.is_active
    assert "Vandermeulen" not in trainer.last_name + trainer.username
    assert Course.objects.get().trainers.get() == successor
    assert LearnerGroup.objects.get().trainer == successor


def test_privacy_staff_erase_needs_the_username_retyped(client, staff):
    partner = PartnerFactory()
    client.force_login(staff)

    response = client.post(url(partner), {"username": "quelqu-un"})

    assert response.status_code == 400
    assert "Ce n&#x27;est pas l&#x27;identifiant de ce compte" in (
        response.content.decode()
    )
    partner.refresh_from_db()
    assert partner.is_active


def test_privacy_staff_erase_takes_away_every_right(client, staff):
    colleague = StaffFactory(is_staff=True, is_superuser=False)
    client.force_login(staff)

    client.post(url(colleague), {"username": colleague.username})

    colleague.refresh_from_db()
    assert not colleague.is_active
    assert not colleague.is_staff and not colleague.is_superuser


@pytest.mark.parametrize("make", [LearnerFactory, TrainerFactory, PartnerFactory])
def test_privacy_staff_erase_is_404_for_anyone_but_the_team(client, make):
    victim = LearnerFactory()
    client.force_login(make())
    assert client.post(url(victim), {"username": victim.username}).status_code == 404
    victim.refresh_from_db()
    assert victim.is_active


def test_privacy_staff_erase_never_oneself_nor_a_superuser(client, staff):
    admin = User.objects.create_superuser("root", password="x" * 20)
    client.force_login(staff)
    assert "Seul un administrateur peut" in client.get(url(admin)).content.decode()
    assert "votre propre compte" in client.get(url(staff)).content.decode()
    client.post(url(staff), {"username": staff.username})
    client.post(url(admin), {"username": "root"})
    staff.refresh_from_db()
    admin.refresh_from_db()
    assert staff.is_active and admin.is_active


def test_privacy_staff_erase_linked_from_the_admin(client):
    admin = User.objects.create_superuser("root", password="x" * 20)
    trainer = TrainerFactory()
    client.force_login(admin)
    page = client.get(reverse("admin:members_user_change", args=[trainer.pk]))
    assert url(trainer) in page.content.decode()
