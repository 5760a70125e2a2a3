"""Trainer gradebook pages: who may see them, what they show, CSV and XLSX."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import Certificate
from tests.courses.gradebook import attempts_make, certificate_make, quiz_lessons
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LearnerFactory,
    LearnerGroupFactory,
    StaffFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 7  # performance.md, target 1: a logged-in page
KINDS = ("course-gradebook", "course-gradebook-csv", "course-gradebook-xlsx")


def _url(course, kind="course-gradebook", **query):
    url = reverse(f"dashboard:{kind}", args=[course.slug])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def _csv(response) -> list[list[str]]:
    """The file as French-speaking Excel reads it: UTF-8 announced by a BOM, ";"."""
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def _xlsx(response) -> list[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def course(trainer):
    course = CourseFactory(trainers=[trainer], title="Premiers pas")
    [lesson] = quiz_lessons(course, max_attempts=3)
    lesson.title = "Quiz final"
    lesson.save()
    lea = EnrollmentFactory(
        course=course, user=LearnerFactory(first_name="Léa", last_name="Martin")
    ).user
    attempts_make(lesson, lea, 40, 85)
    certificate_make(user=lea, course=course, status=Certificate.Status.ISSUED)
    return course


@pytest.mark.parametrize("kind", KINDS)
def test_views_gradebook_learner_is_refused(client, learner, course, kind):
    """A learner gets a 403, on the page and on both exports."""
    client.force_login(learner)

    assert client.get(_url(course, kind)).status_code == 403


@pytest.mark.parametrize("kind", KINDS)
def test_views_gradebook_other_trainer_gets_404(client, course, kind):
    """A trainer who does not teach the course gets a 404, page and exports."""
    client.force_login(TrainerFactory())

    assert client.get(_url(course, kind)).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_views_gradebook_visitor_is_sent_to_log_in(client, course, kind):
    """A visitor is sent to the log-in page."""
    response = client.get(_url(course, kind))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_views_gradebook_staff_see_any_course(client, course):
    """Staff open the gradebook of a course they do not teach."""
    client.force_login(StaffFactory())

    assert client.get(_url(course)).status_code == 200


def test_views_gradebook_page_shows_scores_attempts_and_certificate(
    client, trainer, course
):
    """The course trainer sees Léa's best and last score, attempts of the allowed,
    the pass and the certificate, each cell labelled for phones."""
    client.force_login(trainer)

    html = client.get(_url(course)).content.decode()

    assert "Léa Martin" in html
    assert "Meilleur : 85 %" in html
    assert "Dernier : 85 %" in html
    assert "2 tentatives sur 3" in html
    assert "Réussi" in html
    assert 'data-state="issued">Délivré' in html
    assert 'data-label="Quiz final"' in html
    assert 'class="gradebook stack-table"' in html
    assert 'role="region"' in html


def test_views_gradebook_linked_from_dashboard_and_teach_page(client, trainer, course):
    """The dashboard and the course's teach page both link to the gradebook."""
    client.force_login(trainer)
    link = f'href="{_url(course)}"'

    dashboard = reverse("dashboard:course-learners", args=[course.slug])
    assert link in client.get(dashboard).content.decode()
    teach = reverse("teach:course-detail", args=[course.pk])
    assert link in client.get(teach).content.decode()


def test_views_gradebook_exports_keep_the_filter_and_order(client, trainer, course):
    """The export links carry the group and order; the files list that group."""
    other = EnrollmentFactory(course=course, user=LearnerFactory(last_name="Autre"))
    lea = course.enrollments.exclude(pk=other.pk).get().user
    group = LearnerGroupFactory(trainer=trainer, learners=[lea])
    client.force_login(trainer)

    html = client.get(_url(course, group=group.pk, order="name")).content.decode()

    assert f"gradebook.csv?group={group.pk}&amp;order=name" in html
    rows = _csv(client.get(_url(course, "course-gradebook-csv", group=group.pk)))
    assert [row[2] for row in rows[1:]] == ["Martin"]
    everyone = _csv(client.get(_url(course, "course-gradebook-csv", order="-name")))
    assert [row[2] for row in everyone[1:]] == ["Martin", "Autre"]


def test_views_gradebook_csv_columns_and_values(client, trainer, course):
    """The CSV has one column per figure, numbers without "%", for spreadsheets."""
    client.force_login(trainer)

    response = client.get(_url(course, "course-gradebook-csv"))
    rows = _csv(response)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{course.slug}-carnet-de-notes.csv"'
    )
    assert rows[0] == [
        "identifiant",
        "prénom",
        "nom",
        "Quiz final : meilleur score (%)",
        "Quiz final : dernier score (%)",
        "Quiz final : tentatives",
        "Quiz final : tentatives permises",
        "Quiz final : réussi",
        "pourcentage",
        "terminé le",
        "certificat",
    ]
    lea = ["Léa", "Martin", "85", "85", "2", "3", "oui", "0", "", "délivré"]
    assert rows[1][1:] == lea


def test_views_gradebook_xlsx_reads_back(client, trainer, course):
    """The workbook opens with openpyxl and holds the same rows as the CSV."""
    client.force_login(trainer)

    response = client.get(_url(course, "course-gradebook-xlsx"))
    rows = _xlsx(response)

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('-carnet-de-notes.xlsx"')
    assert rows[0][3] == "Quiz final : meilleur score (%)"
    # An empty cell (no completion date) reads back as None.
    lea = ["Léa", "Martin", "85", "85", "2", "3", "oui", "0", None, "délivré"]
    assert rows[1][1:] == lea


def test_views_gradebook_formula_names_are_neutralised(client, trainer, course):
    """A learner named like a formula, or a quiz titled like one, is text in
    both files: the cell starts with an apostrophe, never runs."""
    EnrollmentFactory(
        course=course,
        user=LearnerFactory(first_name='=HYPERLINK("http://x")', last_name="+1"),
    )
    lesson = course.modules.get().lessons.get()
    lesson.title = "=SUM(A1:A9)"
    lesson.save()
    client.force_login(trainer)

    for rows in (
        _csv(client.get(_url(course, "course-gradebook-csv"))),
        _xlsx(client.get(_url(course, "course-gradebook-xlsx"))),
    ):
        assert rows[0][3] == "'=SUM(A1:A9) : meilleur score (%)"
        [row] = [row for row in rows if row[2] == "'+1"]
        assert row[1] == '\'=HYPERLINK("http://x")'


def test_views_gradebook_query_count_flat(client, trainer):
    """The page costs the same queries for 10 and 200 learners, 1 and 5 quizzes,
    within the budget of a logged-in page."""
    client.force_login(trainer)
    counts = {}
    for learners, quizzes in ((10, 1), (200, 5)):
        course = CourseFactory(trainers=[trainer])
        lessons = quiz_lessons(course, count=quizzes, max_attempts=2)
        for index in range(learners):
            user = EnrollmentFactory(course=course).user
            attempts_make(lessons[index % quizzes], user, 50)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(course)).status_code == 200
        counts[learners, quizzes] = len(queries)

    assert counts[10, 1] == counts[200, 5] <= MAX_QUERIES, counts
