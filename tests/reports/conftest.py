"""Fixtures of the report tests: a private media folder and a March cohort."""

from datetime import date

import pytest

from tests.factories import CourseFactory, LearnerFactory, OrganisationFactory
from tests.reports.factories import certified, coordinator_of, enrolled, moment


@pytest.fixture
def media_root(settings, tmp_path):
    """Exports are stored in a folder of this test only."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def cohort(db):
    """An organisation with 12 enrolments in March 2026, 3 of them completed and
    certified: 10 enrolments, and "< 5" certificates once published."""
    organisation = OrganisationFactory(name="Maison de quartier")
    course = CourseFactory(title="Premiers pas")
    for index in range(12):
        enrollment = enrolled(
            user=LearnerFactory(organisation=organisation),
            course=course,
            on=moment(2026, 3, 2),
            completed=moment(2026, 3, 9) if index < 3 else None,
        )
        if index < 3:
            certified(enrollment, issued_on=date(2026, 3, 9), competences=(("1.1", 5),))
    return organisation


@pytest.fixture
def coordinator(cohort):
    return coordinator_of(cohort)
