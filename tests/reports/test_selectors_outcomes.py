"""The exact figures of the new report tables: what members say happened since
a certificate, and the active learners by the language and age they gave."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates.models import Certificate
from reports.selectors import Period, impact_figures
from tests.factories import (
    CourseFactory,
    LearnerFactory,
    LearnerGroupFactory,
    OrganisationFactory,
)
from tests.reports.factories import (
    answered,
    certified,
    coordinator_of,
    enrolled,
    moment,
)

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
ISSUED = date(2026, 3, 10)

pytestmark = pytest.mark.django_db


def _outcomes(figures) -> dict[str, int]:
    return {row.key: row.count for row in figures.outcomes}


def _certificate(user=None, issued_on=ISSUED, **fields) -> Certificate:
    return certified(
        enrolled(user=user or LearnerFactory()), issued_on=issued_on, **fields
    )


def test_selectors_outcomes_count_distinct_members_per_answer():
    """A member who says "job" for two certificates counts once for it; each
    member counts once among those who answered; "prefer not to say" is an
    answer of its own."""
    both = LearnerFactory()
    answered(_certificate(both), "job")
    answered(_certificate(both), "job", "training")
    answered(_certificate(), "confident")
    answered(_certificate(), declined=True)

    figures = impact_figures(period=MARCH, organisation=None)

    assert _outcomes(figures) == {
        "job": 1,
        "training": 1,
        "confident": 1,
        "declined": 1,
    }
    assert figures.outcome_respondents == 3
    assert [row.label for row in figures.outcomes] == [
        "J'ai trouvé un emploi",
        "J'ai commencé une formation",
        "Je suis plus à l'aise en ligne",
        "Je préfère ne pas répondre",
    ]


def test_selectors_outcomes_count_only_those_who_answered():
    """Certified members who did not answer count nowhere."""
    for _ in range(3):
        _certificate()
    answered(_certificate(), "job")

    figures = impact_figures(period=MARCH, organisation=None)

    assert figures.certificates == 4
    assert figures.outcome_respondents == 1
    assert _outcomes(figures)["job"] == 1


def test_selectors_outcomes_only_valid_certificates_of_the_period():
    """An answer for a certificate of April, or a revoked one, is not March's."""
    answered(_certificate(issued_on=date(2026, 4, 2)), "job")
    revoked = _certificate()
    answered(revoked, "job")
    Certificate.objects.filter(pk=revoked.pk).update(status=Certificate.Status.REVOKED)

    figures = impact_figures(period=MARCH, organisation=None)

    assert figures.outcome_respondents == 0
    assert _outcomes(figures)["job"] == 0


def test_selectors_outcomes_scope_is_the_organisations_learners():
    """Own learners and those of its trainers' groups count; others do not."""
    organisation = OrganisationFactory()
    own = LearnerFactory(organisation=organisation)
    grouped = LearnerFactory()
    LearnerGroupFactory(trainer=coordinator_of(organisation), learners=[grouped])
    for user in (own, grouped, LearnerFactory()):
        answered(_certificate(user), "training")

    mine = impact_figures(period=MARCH, organisation=organisation)
    everyone = impact_figures(period=MARCH, organisation=None)

    assert (mine.outcome_respondents, _outcomes(mine)["training"]) == (2, 2)
    assert everyone.outcome_respondents == 3


def test_selectors_outcomes_active_learners_by_language_only_where_chosen():
    """Each language a row (zeros kept); those who never chose are apart;
    a learner not active in March counts nowhere."""
    course = CourseFactory()
    for language in ("fr", "fr", "nl", "", ""):
        enrolled(user=LearnerFactory(language=language), course=course)
    enrolled(
        user=LearnerFactory(language="ar"),
        course=course,
        on=moment(2026, 1, 5),
    )

    figures = impact_figures(period=MARCH, organisation=None)

    assert [(row.key, row.count) for row in figures.learners_by_language] == [
        ("fr", 2),
        ("nl", 1),
        ("en", 0),
        ("ar", 0),
    ]
    assert figures.learners_by_language[0].label == "Français"
    assert figures.language_not_said == 2
    assert figures.learners_active == 5


def test_selectors_outcomes_active_learners_by_age_band_only_where_said():
    """The age band a learner gave; under_13 alone says no band."""
    organisation = OrganisationFactory()
    for band in ("18_25", "18_25", "65_plus", ""):
        enrolled(user=LearnerFactory(organisation=organisation, age_band=band))
    enrolled(user=LearnerFactory(organisation=organisation, under_13=True))
    enrolled(user=LearnerFactory(age_band="26_44"))  # another organisation

    figures = impact_figures(period=MARCH, organisation=organisation)

    assert {row.key: row.count for row in figures.learners_by_age_band} == {
        "under_18": 0,
        "18_25": 2,
        "26_44": 0,
        "45_64": 0,
        "65_plus": 1,
    }
    assert figures.learners_by_age_band[-1].label == "65 ans et plus"
    assert figures.age_band_not_said == 2
    assert figures.learners_active == 5


def _populate(n: int, organisation) -> None:
    """n active learners, languages and ages filled in by some, half certified
    and most of those answering."""
    course = CourseFactory()
    languages = ["fr", "nl", "en", "ar", ""]
    bands = ["under_18", "18_25", "26_44", "", ""]
    for index in range(n):
        user = LearnerFactory(
            organisation=organisation,
            language=languages[index % 5],
            age_band=bands[index % 5],
        )
        enrollment = enrolled(user=user, course=course)
        if index % 2:
            certificate = certified(enrollment, issued_on=ISSUED)
            if index % 3 == 0:
                answered(certificate, declined=True)
            elif index % 3 == 1:
                answered(certificate, "job", "confident")


def _queries(organisation) -> int:
    with CaptureQueriesContext(connection) as queries:
        impact_figures(period=MARCH, organisation=organisation)
    return len(queries)


def test_selectors_outcomes_query_count_is_flat():
    """10 or 100 members, answers and languages included: the same queries."""
    organisation = OrganisationFactory()
    _populate(10, organisation)
    small = (_queries(None), _queries(organisation))
    _populate(90, organisation)
    large = (_queries(None), _queries(organisation))

    figures = impact_figures(period=MARCH, organisation=organisation)
    assert figures.learners_active == 100
    assert sum(row.count for row in figures.learners_by_language) == 80
    assert figures.outcome_respondents == 34
    assert small == large
    assert max(large) <= 9
