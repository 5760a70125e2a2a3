"""The home page: one obvious next step for each role, and what visitors can do."""

import pytest
from django.urls import reverse

from courses.models import Course
from tests.factories import (
    CourseFactory,
    LearnerGroupFactory,
    StaffFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def test_views_home_visitor_sees_catalogue_and_login(client):
    """A visitor sees a link to the catalogue, to log in and to sign up."""
    response = client.get("/")

    page = _page(response)
    assert "home/visitor.html" in _template_names(response)
    assert f'href="{reverse("courses:catalogue")}"' in page
    assert f'href="{reverse("account_login")}"' in page
    assert f'href="{reverse("account_signup")}"' in page


def test_views_home_learner_sees_next_step(client, learner):
    """A learner is greeted by name and pointed to choosing a module."""
    client.force_login(learner)

    response = client.get("/")

    page = _page(response)
    assert "home/learner.html" in _template_names(response)
    assert learner.first_name in page
    assert f'href="{reverse("courses:catalogue")}"' in page
    assert f'href="{reverse("account_signup")}"' not in page


def test_views_home_trainer_sees_own_courses_and_groups(client, trainer):
    """A trainer sees their courses and groups, never another trainer's."""
    own_course = CourseFactory(title="Premiers pas", trainers=[trainer])
    draft = CourseFactory(
        title="Brouillon à moi", status=Course.Status.DRAFT, trainers=[trainer]
    )
    other_course = CourseFactory(title="Pas le mien", trainers=[TrainerFactory()])
    own_group = LearnerGroupFactory(name="Mardi matin", trainer=trainer)
    other_group = LearnerGroupFactory(name="Jeudi soir")
    client.force_login(trainer)

    response = client.get("/")

    page = _page(response)
    assert "home/trainer.html" in _template_names(response)
    assert own_course.title in page
    assert draft.title in page
    assert own_group.name in page
    assert own_group.get_absolute_url() in page
    assert other_course.title not in page
    assert other_group.name not in page
    assert f'href="{reverse("members:group-create")}"' in page


def test_views_home_trainer_sees_five_newest_groups(client, trainer):
    """A trainer with many groups sees the five newest on the home page."""
    for number in range(7):
        LearnerGroupFactory(name=f"Groupe numéro {number}", trainer=trainer)
    client.force_login(trainer)

    page = _page(client.get("/"))

    assert [f"Groupe numéro {n}" in page for n in range(7)] == [False] * 2 + [True] * 5


def test_views_home_partner_sees_partner_page(client, partner):
    """A partner sees the partner page with their organisation's name."""
    client.force_login(partner)

    response = client.get("/")

    page = _page(response)
    assert "home/partner.html" in _template_names(response)
    assert partner.organisation.name in page


def test_views_home_staff_sees_trainer_page(client):
    """Staff see the trainer page, so they can help with any group."""
    client.force_login(StaffFactory())

    response = client.get("/")

    assert "home/trainer.html" in _template_names(response)


def test_views_home_trainer_shown_without_extra_query(client):
    """A learner whose trainer made the account pays no extra query for the help box."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import LearnerFactory, TrainerFactory

    alone = LearnerFactory()
    trainer = TrainerFactory(first_name="Tom", last_name="Lambert")
    grouped = LearnerFactory(created_by=trainer)
    counts = []
    for learner in (alone, grouped):
        client.force_login(learner, backend="members.backends.MemberBackend")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        counts.append(len(queries))
    assert "Tom Lambert" in response.content.decode()
    assert counts[0] == counts[1]
