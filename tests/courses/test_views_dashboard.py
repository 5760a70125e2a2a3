"""Trainer dashboard pages: who may see them, what they show, the CSV export."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment, Lesson, LessonProgress, Module
from members.models import User
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LearnerFactory,
    LessonFactory,
    ModuleFactory,
    StaffFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 7  # performance.md, target 1: a logged-in page
# A chart bar's band and the count written above it; a table row's band and count.
BAR = r'data-band="(\d+)" data-count="\d+">\s*<rect[^>]*/>\s*<text[^>]*>(\d+)</text>'
TABLE_ROW = r'<tr data-band="(\d+)"><th scope="row">.*?</th><td>(\d+)</td>'


def _url(course, csv_file=False):
    name = "course-learners-csv" if csv_file else "course-learners"
    return reverse(f"dashboard:{name}", args=[course.slug])


def _course(trainer, required=4):
    course = CourseFactory(trainers=[trainer])
    module = ModuleFactory(course=course)
    return course, [LessonFactory(module=module) for _ in range(required)]


def _enrol(course, lessons, done, **fields):
    enrollment = EnrollmentFactory(course=course, **fields)
    LessonProgress.objects.bulk_create(
        LessonProgress(enrollment=enrollment, lesson=lesson)
        for lesson in lessons[:done]
    )
    return enrollment


def _csv(response) -> list[list[str]]:
    """The file as French-speaking Excel reads it: UTF-8 announced by a BOM, ";"."""
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_views_dashboard_learner_is_refused(client, learner, trainer):
    """A learner gets a 403 on the dashboard and on the export."""
    course, _lessons = _course(trainer)
    client.force_login(learner)

    assert client.get(_url(course)).status_code == 403
    assert client.get(_url(course, csv_file=True)).status_code == 403


def test_views_dashboard_other_trainer_gets_404(client, trainer):
    """A trainer who does not teach the course gets a 404, page and export."""
    course, _lessons = _course(trainer)
    client.force_login(TrainerFactory())

    assert client.get(_url(course)).status_code == 404
    assert client.get(_url(course, csv_file=True)).status_code == 404


def test_views_dashboard_visitor_is_sent_to_log_in(client, trainer):
    """A visitor is sent to the log-in page."""
    course, _lessons = _course(trainer)

    response = client.get(_url(course))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_views_dashboard_staff_see_any_course(client, trainer):
    """Staff open the dashboard of a course they do not teach."""
    course, _lessons = _course(trainer)
    client.force_login(StaffFactory())

    assert client.get(_url(course)).status_code == 200


def test_views_dashboard_shows_progress_and_stuck_in_words(client, trainer):
    """Each learner shows their percentage, lessons done, and "Bloqué·e" in words."""
    course, lessons = _course(trainer)
    old = timezone.now() - timedelta(days=20)
    _enrol(course, lessons, 2, user=LearnerFactory(last_name="Moitié"))
    _enrol(
        course,
        lessons,
        1,
        user=LearnerFactory(last_name="Oublié"),
        last_activity_at=old,
    )
    client.force_login(trainer)

    html = client.get(_url(course)).content.decode()

    assert "Moitié" in html
    assert "50 %" in html
    assert "2 leçons sur 4" in html
    # The noun agrees with the lessons done, not with the total.
    assert "1 leçon sur 4" in html and "1 leçons" not in html
    assert html.count("Bloqué·e</strong>") == 1
    assert html.index("Oublié") < html.index("Moitié")


def test_views_dashboard_chart_and_table_carry_the_same_numbers(client, trainer):
    """The SVG bars, its summary and the table below it give the same counts."""
    course, lessons = _course(trainer)
    for done in (0, 1, 2, 2, 4):
        _enrol(course, lessons, done)
    client.force_login(trainer)

    html = client.get(_url(course)).content.decode()

    bars = dict(re.findall(BAR, html))
    rows = dict(re.findall(TABLE_ROW, html))
    expected = {"0": "1", "25": "1", "50": "2", "75": "0", "100": "1"}
    assert bars == rows == expected
    assert 'role="img"' in html
    assert "50–74 % : 2" in html


def test_views_dashboard_paginates_at_50(client, trainer):
    """Fifty learners per page; the next page holds the rest."""
    course, lessons = _course(trainer)
    learners = User.objects.bulk_create(
        User(username=f"suivi{n}", role=User.Role.LEARNER) for n in range(55)
    )
    Enrollment.objects.bulk_create(Enrollment(user=u, course=course) for u in learners)
    client.force_login(trainer)

    first = client.get(_url(course)).content.decode()
    second = client.get(_url(course) + "?page=2").content.decode()

    assert first.count('<th scope="row">', first.index('class="learners"')) == 50
    assert second.count('<th scope="row">', second.index('class="learners"')) == 5


def test_views_dashboard_csv_streams_one_row_per_learner(client, trainer):
    """The export is a streamed CSV attachment: a header, then one row each."""
    course, lessons = _course(trainer)
    _enrol(course, lessons, 2, user=LearnerFactory(username="lea2"))
    _enrol(course, lessons, 4, completed_at=timezone.now())
    client.force_login(trainer)

    response = client.get(_url(course, csv_file=True))

    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{course.slug}-apprenant-es.csv"'
    )
    rows = _csv(response)
    assert rows[0][0] == "identifiant"
    assert len(rows) == 3
    lea = next(row for row in rows if row[0] == "lea2")
    assert lea[5:8] == ["2", "4", "50"]
    assert lea[9] == "non"


def test_views_dashboard_csv_escapes_formulas(client, trainer):
    """Names starting with =, +, - or @ are prefixed with ' so no formula runs."""
    course, lessons = _course(trainer)
    user = LearnerFactory(
        username="piege",
        first_name='=HYPERLINK("http://evil.example","clic")',
        last_name="+32 4",
    )
    _enrol(course, lessons, 0, user=user)
    client.force_login(trainer)

    row = _csv(client.get(_url(course, csv_file=True)))[1]

    assert row[1] == '\'=HYPERLINK("http://evil.example","clic")'
    assert row[2] == "'+32 4"


def _learners(course, lessons, size):
    users = User.objects.bulk_create(
        User(username=f"q{size}-{n}", role=User.Role.LEARNER) for n in range(size)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(user=u, course=course) for u in users
    )
    LessonProgress.objects.bulk_create(
        LessonProgress(enrollment=e, lesson=lesson)
        for n, e in enumerate(enrollments)
        for lesson in lessons[: n % 5]
    )


def test_views_dashboard_query_count_same_at_10_and_200(
    client, django_assert_max_num_queries
):
    """The dashboard issues the same queries with 10 and 200 learners, at most 7."""
    counts = []
    for size in (10, 200):
        trainer = TrainerFactory()
        course, lessons = _course(trainer, required=4)
        Lesson.objects.create(module=Module.objects.get(course=course), title="Plus")
        _learners(course, lessons, size)
        client.force_login(trainer)
        with (
            django_assert_max_num_queries(MAX_QUERIES),
            CaptureQueriesContext(connection) as queries,
        ):
            assert client.get(_url(course)).status_code == 200
        counts.append(len(queries))
    print(f"dashboard: {counts[0]} queries at 10, {counts[1]} at 200")
    assert counts[0] == counts[1], counts


def test_views_dashboard_linked_from_trainer_home(client, trainer):
    """The trainer's home links each course they teach to its dashboard."""
    course, _lessons = _course(trainer)
    client.force_login(trainer)

    html = client.get("/").content.decode()

    assert f'href="{_url(course)}">Suivi des apprenant·es</a>' in html


def test_views_dashboard_xlsx_reads_back_with_the_same_rows(client, trainer):
    """The Excel file has the CSV's header and one row per learner, accents intact."""
    from openpyxl import load_workbook

    course, _lessons = _course(trainer)
    EnrollmentFactory(course=course, user__first_name="Léa", user__last_name="Dubois")
    client.force_login(trainer)

    response = client.get(reverse("dashboard:course-learners-xlsx", args=[course.slug]))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["identifiant", "prénom", "nom"]
    assert rows[1][1:3] == ["Léa", "Dubois"]
