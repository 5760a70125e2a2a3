"""The skills framework: DigComp 2.2 as loaded by the migrations, and its rules."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from skills.models import Competence, CompetenceArea, ProficiencyLevel
from tests.factories import (
    CompetenceAreaFactory,
    CompetenceFactory,
    FrameworkFactory,
    ProficiencyLevelFactory,
)

pytestmark = pytest.mark.django_db

ESCO_1_1 = "http://data.europa.eu/esco/skill/e439742d-558d-4f52-885e-afdc740b48cf"


def test_models_framework_digcomp_has_5_areas_21_competences_8_levels(digcomp):
    """After the migrations DigComp 2.2 has 5 areas, 21 competences and 8 levels."""
    assert CompetenceArea.objects.filter(framework=digcomp).count() == 5
    assert Competence.objects.filter(framework=digcomp).count() == 21
    assert ProficiencyLevel.objects.filter(framework=digcomp).count() == 8
    assert list(digcomp.levels.values_list("level", flat=True)) == list(range(1, 9))


def test_models_framework_competence_codes_follow_areas(digcomp):
    """Each area holds the competences DigComp gives it, 1.1 to 5.4, in order."""
    codes = {
        area.number: [c.code for c in area.competences.order_by("position")]
        for area in digcomp.areas.all()
    }

    assert codes == {
        1: ["1.1", "1.2", "1.3"],
        2: ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"],
        3: ["3.1", "3.2", "3.3", "3.4"],
        4: ["4.1", "4.2", "4.3", "4.4"],
        5: ["5.1", "5.2", "5.3", "5.4"],
    }


def test_models_framework_competence_1_1_links_to_esco(digcomp):
    """1.1 links to its ESCO skill by its full URI."""
    competence = Competence.objects.get(framework=digcomp, code="1.1")

    assert competence.esco_uri == ESCO_1_1


def test_models_framework_netiquette_has_no_esco_uri(digcomp):
    """2.5 Netiquette has no ESCO skill, and every other competence has one."""
    netiquette = Competence.objects.get(framework=digcomp, code="2.5")
    others = Competence.objects.filter(framework=digcomp).exclude(code="2.5")

    assert netiquette.esco_uri == ""
    assert not others.filter(esco_uri="").exists()
    assert all(
        c.esco_uri.startswith("http://data.europa.eu/esco/skill/") for c in others
    )


def test_models_framework_every_competence_carries_digcomp_2_2():
    """Every loaded competence names its framework, DigComp 2.2."""
    frameworks = {
        str(c.framework) for c in Competence.objects.select_related("framework")
    }

    assert frameworks == {"DigComp 2.2"}


def test_models_framework_name_follows_active_language(digcomp):
    """A competence shows its French, Dutch or English name with the page language."""
    competence = Competence.objects.get(framework=digcomp, code="1.1")

    with translation.override("nl"):
        assert competence.name == (
            "Browsen, zoeken en filteren van data, informatie en digitale inhoud"
        )
    with translation.override("en"):
        assert competence.name == (
            "Browsing, searching and filtering data, information and digital content"
        )
    with translation.override("fr"):
        assert competence.name.startswith("Naviguer, rechercher et filtrer")


def test_models_framework_arabic_reads_french_names(digcomp):
    """DigComp has no Arabic version: an Arabic page shows the French names."""
    area = CompetenceArea.objects.get(framework=digcomp, number=4)

    with translation.override("ar"):
        assert area.name == "Sécurité"
        assert str(area) == "4. Sécurité"


def test_models_framework_level_5_is_advanced(digcomp):
    """Level 5 is in the Advanced band, named in the page's language."""
    level = ProficiencyLevel.objects.get(framework=digcomp, level=5)

    assert level.band == ProficiencyLevel.Band.ADVANCED
    with translation.override("nl"):
        assert level.name == "Gevorderd"
    with translation.override("fr"):
        assert str(level) == "5 (Avancé)"


def test_models_framework_bands_hold_two_levels_each(digcomp):
    """Levels 1-2, 3-4, 5-6 and 7-8 make up the four bands, in order."""
    bands = list(digcomp.levels.order_by("level").values_list("band", flat=True))

    assert bands == [
        "foundation",
        "foundation",
        "intermediate",
        "intermediate",
        "advanced",
        "advanced",
        "highly_specialised",
        "highly_specialised",
    ]


def test_models_framework_duplicate_code_refused_in_same_framework(digcomp):
    """A second 1.1 in DigComp 2.2 is refused by the database."""
    area = CompetenceArea.objects.get(framework=digcomp, number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        CompetenceFactory(framework=digcomp, area=area, code="1.1", position=9)


def test_models_framework_same_code_allowed_in_another_version(digcomp):
    """DigComp 3.0 may have its own 1.1 beside 2.2's."""
    digcomp_3 = FrameworkFactory(name="DigComp", version="3.0")

    competence = CompetenceFactory(framework=digcomp_3, code="1.1")

    assert competence.code == "1.1"
    assert Competence.objects.filter(code="1.1").count() == 2
    assert str(digcomp_3) == "DigComp 3.0"


def test_models_framework_duplicate_version_refused(digcomp):
    """DigComp 2.2 cannot be loaded twice as two frameworks."""
    with pytest.raises(ValidationError):
        FrameworkFactory.build(name="DigComp", version="2.2").full_clean()


def test_models_framework_level_outside_1_to_8_refused(digcomp):
    """A level 9 is refused by the database, not only by the form."""
    framework = FrameworkFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ProficiencyLevelFactory(framework=framework, level=9)


def test_models_framework_area_of_another_framework_refused(digcomp):
    """A competence cannot sit in an area of another framework."""
    other_area = CompetenceAreaFactory(number=1)
    competence = CompetenceFactory.build(
        framework=digcomp, area=other_area, code="1.9", position=9
    )

    with pytest.raises(ValidationError) as error:
        competence.full_clean()
    assert "area" in error.value.message_dict


def test_models_framework_code_must_match_area_and_position():
    """A competence coded 2.1 cannot be first in area 1."""
    area = CompetenceAreaFactory(number=1)
    competence = CompetenceFactory.build(
        framework=area.framework, area=area, code="2.1", position=1
    )

    with pytest.raises(ValidationError) as error:
        competence.full_clean()
    assert "code" in error.value.message_dict


def test_models_framework_esco_uri_must_be_an_esco_skill():
    """An address that is not an ESCO skill URI is refused."""
    competence = CompetenceFactory.build(
        framework=FrameworkFactory(), esco_uri="https://example.org/skill/1"
    )
    competence.area = CompetenceAreaFactory(framework=competence.framework)

    with pytest.raises(ValidationError) as error:
        competence.full_clean()
    assert list(error.value.message_dict) == ["esco_uri"]
