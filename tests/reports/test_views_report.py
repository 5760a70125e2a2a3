"""The /reports/ page and its CSV export: who may see what, and what they see."""

import csv
import html
import io
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import (
    CourseFactory,
    LearnerFactory,
    OrganisationFactory,
    PartnerFactory,
    StaffFactory,
    TrainerFactory,
)
from tests.reports.factories import certified, coordinator_of, enrolled, moment

pytestmark = pytest.mark.django_db

URL = reverse("reports:report-detail")
CSV_URL = reverse("reports:report-csv")
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


@pytest.fixture
def organisation():
    """An organisation with 12 enrolments in March: 3 completed, certified."""
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
            certified(enrollment, issued_on=date(2026, 3, 9))
    return organisation


def test_views_report_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    "make", [LearnerFactory, PartnerFactory, TrainerFactory], ids=str
)
def test_views_report_refused_to_learners_partners_and_lone_trainers(client, make):
    """Learners, partners and trainers of no organisation get 403, CSV too."""
    client.force_login(make())

    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL, MARCH).status_code == 403


def test_views_report_coordinator_sees_own_organisation(client, organisation):
    """Small counts read "< 5"; the others are rounded; tables have captions."""
    client.force_login(coordinator_of(organisation))

    response = client.get(URL, MARCH)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Maison de quartier" in page
    assert "<caption" in page and "Certificats par module" in page
    figures = {f.key: f.figure.text for f in response.context["report"].figures}
    assert figures["enrolments"] == "10"
    assert figures["completions"] == "< 5"
    assert figures["completion_rate"] == "masqué"
    assert "&lt; 5" in page
    assert "style=" not in page and "<script>" not in page


def test_views_report_small_counts_read_left_to_right_in_arabic(client, organisation):
    """In the Arabic interface "< 5" stays "< 5", not "5 >": each figure is
    isolated left to right, on the page and in the PDF's template."""
    client.force_login(coordinator_of(organisation))
    client.cookies["django_language"] = "ar"

    page = client.get(URL, MARCH).content.decode()

    assert 'dir="rtl"' in page
    assert '<span dir="ltr">&lt; 5</span>' in page
    pdf_template = (
        Path(settings.BASE_DIR) / "templates/reports/pdf/report.html"
    ).read_text()
    assert pdf_template.count('<span dir="ltr">{{') == 3


def test_views_report_coordinator_cannot_ask_for_another_organisation(
    client, organisation
):
    other = OrganisationFactory()
    client.force_login(coordinator_of(other))

    assert (
        client.get(URL, {**MARCH, "organisation": organisation.pk}).status_code == 403
    )
    assert (
        client.get(CSV_URL, {**MARCH, "organisation": organisation.pk}).status_code
        == 403
    )
    assert client.get(URL, {**MARCH, "organisation": 999_999}).status_code == 403


def test_views_report_coordinator_cannot_ask_for_the_whole_platform(
    client, organisation
):
    """Without an organisation, a coordinator's report is their organisation's."""
    other = OrganisationFactory(name="Autre asbl")
    client.force_login(coordinator_of(other))

    response = client.get(URL, MARCH)

    assert response.context["report"].scope == "Autre asbl"
    figures = {f.key: f.figure.text for f in response.context["report"].figures}
    assert figures["enrolments"] == "0"


def test_views_report_staff_see_the_whole_platform_and_any_organisation(
    client, organisation
):
    client.force_login(StaffFactory())

    whole = client.get(URL, MARCH)
    one = client.get(URL, {**MARCH, "organisation": organisation.pk})

    assert whole.context["report"].scope == "Toute la plateforme"
    assert one.context["report"].scope == "Maison de quartier"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "31/02/2026", "end": "2026-03-31"}, "n'est pas valide"),
        ({"start": "2026-03-31", "end": "2026-03-01"}, "le même jour que le début"),
        ({"start": "2019-12-31", "end": "2020-03-01"}, "en 2020 au plus tôt"),
        ({"start": "2020-01-01", "end": "2026-03-01"}, "5 ans au plus"),
        ({"start": "2999-01-01", "end": "2999-03-01"}, "dans le futur"),
        ({"start": "2026-03-01", "end": ""}, "Indiquez une date"),
        ({**MARCH, "organisation": "abc"}, "Choisissez une organisation de la liste"),
        ({**MARCH, "organisation": "999999"}, "Choisissez une organisation"),
    ],
)
def test_views_report_bad_periods_are_explained(client, query, message):
    client.force_login(StaffFactory())

    response = client.get(URL, query)

    assert response.status_code == 200
    assert response.context["report"] is None
    assert message in html.unescape(response.content.decode())


def test_views_report_first_visit_shows_the_last_twelve_months(client):
    client.force_login(StaffFactory())

    response = client.get(URL)

    assert response.context["report"] is not None


def test_views_report_csv_has_the_figures_as_shown(client, organisation):
    """BOM, ';' between columns, and "< 5" where the page shows it."""
    client.force_login(coordinator_of(organisation))

    response = client.get(CSV_URL, MARCH)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "rapport-impact-2026-03-01-2026-03-31.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    by_line = {row[1]: row[2] for row in rows if row[0] == "chiffres clés"}
    assert by_line["Inscriptions"] == "10"
    assert by_line["Modules terminés"] == "< 5"
    assert ["Certificats par module", "Premiers pas", "< 5"] in rows
    assert not any(row[2] in {"1", "2", "3", "4"} for row in rows[1:])


def test_views_report_csv_defuses_formulas(client):
    """A course titled like a formula is written as text."""
    organisation = OrganisationFactory()
    course = CourseFactory(title='=HYPERLINK("x")')
    for _ in range(6):
        certified(
            enrolled(user=LearnerFactory(organisation=organisation), course=course),
            issued_on=date(2026, 3, 9),
        )
    client.force_login(coordinator_of(organisation))

    text = client.get(CSV_URL, MARCH).content.decode("utf-8")

    assert "'=HYPERLINK" in text


def test_views_report_csv_refuses_a_bad_period(client):
    client.force_login(StaffFactory())

    response = client.get(CSV_URL, {"start": "2026-03-31", "end": "2026-03-01"})

    assert response.status_code == 400
