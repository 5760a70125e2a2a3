"""The DigComp 2.2 data migration: safe to run again, and reversible."""

import importlib

import pytest
from django.apps import apps

from skills.models import Competence, CompetenceArea, Framework, ProficiencyLevel
from tests.factories import CompetenceFactory, FrameworkFactory

pytestmark = pytest.mark.django_db

digcomp_migration = importlib.import_module("skills.migrations.0002_load_digcomp_2_2")


def _counts() -> tuple[int, int, int, int]:
    return (
        Framework.objects.count(),
        CompetenceArea.objects.count(),
        Competence.objects.count(),
        ProficiencyLevel.objects.count(),
    )


def test_migrations_digcomp_load_again_changes_nothing_but_repairs(digcomp):
    """Running the load again adds no rows and restores an edited name."""
    Competence.objects.filter(code="1.1").update(name_nl="fout")

    digcomp_migration.load_digcomp(apps, None)

    assert _counts() == (1, 5, 21, 8)
    assert Competence.objects.get(code="1.1").name_nl.startswith("Browsen")


def test_migrations_digcomp_unload_removes_only_digcomp_2_2(digcomp):
    """The reverse removes DigComp 2.2 and leaves another version alone."""
    CompetenceFactory(framework=FrameworkFactory(name="DigComp", version="3.0"))

    digcomp_migration.unload_digcomp(apps, None)

    assert _counts() == (1, 1, 1, 0)
    assert not Framework.objects.filter(version="2.2").exists()
