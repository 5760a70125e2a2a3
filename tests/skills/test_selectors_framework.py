"""Reads on the framework: areas with their competences, levels, in few queries."""

import pytest
from django.utils import translation

from skills.selectors import competences_by_area, proficiency_levels
from tests.factories import CompetenceAreaFactory, CompetenceFactory, FrameworkFactory

pytestmark = pytest.mark.django_db


def test_selectors_framework_competences_by_area_in_two_queries(
    digcomp, django_assert_num_queries
):
    """Listing every area with its competences and names takes two queries."""
    with django_assert_num_queries(2), translation.override("nl"):
        listing = [
            (area.name, [(c.code, c.name) for c in area.competences.all()])
            for area in competences_by_area()
        ]

    assert [name for name, _ in listing] == [
        "Informatie- en datageletterdheid",
        "Communicatie en samenwerking",
        "Creatie van digitale inhoud",
        "Veiligheid",
        "Problemen oplossen",
    ]
    assert sum(len(competences) for _, competences in listing) == 21
    assert listing[1][1][4] == ("2.5", "Netiquette")


def test_selectors_framework_competences_by_area_keeps_versions_apart(digcomp):
    """Another version's areas and competences stay out of DigComp 2.2's list."""
    digcomp_3 = FrameworkFactory(name="DigComp", version="3.0")
    area = CompetenceAreaFactory(framework=digcomp_3, number=1)
    CompetenceFactory(framework=digcomp_3, area=area, position=1)

    default = competences_by_area()
    newer = competences_by_area(framework=digcomp_3)

    assert {a.framework_id for a in default} == {digcomp.pk}
    assert [[c.code for c in a.competences.all()] for a in newer] == [["1.1"]]


def test_selectors_framework_proficiency_levels_lowest_first(digcomp):
    """DigComp 2.2's levels come 1 to 8."""
    assert [level.level for level in proficiency_levels()] == list(range(1, 9))
