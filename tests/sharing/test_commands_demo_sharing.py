"""The demo has two trainers of two organisations, so a shared course can be
copied from one to the other."""

import pytest
from django.core.management import call_command

from members.models import User

pytestmark = pytest.mark.django_db


def test_commands_demo_trainers_of_two_organisations():
    call_command("demo", stdout=None)
    call_command("demo", stdout=None)

    tom, nadia = (User.objects.get(username=name) for name in ("tom", "nadia"))
    assert tom.organisation.name == "Coopérative Sirius (démo)"
    assert nadia.organisation.name == "Centre de formation (démo)"
    assert nadia.role == User.Role.TRAINER
    assert nadia.check_password("sirius-demo-2026")
