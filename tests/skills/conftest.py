"""Fixtures for the skills tests: the DigComp 2.2 framework the migrations load."""

import pytest

from skills.models import Framework


@pytest.fixture
def digcomp(db) -> Framework:
    return Framework.objects.get(name="DigComp", version="2.2")
