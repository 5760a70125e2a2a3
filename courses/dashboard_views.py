"""Trainer dashboard: each learner's progress in a course, a chart and a CSV export."""

from collections.abc import Iterable, Iterator
from itertools import chain

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.spreadsheets import (
    CSV_BOM,
    XLSX_TYPE,
    EchoBuffer,
    csv_writer,
    moment_cell,
    safe_cell,
    xlsx_bytes,
)
from members.permissions import trainer_required

from . import selectors
from .quiz import selectors as quiz_selectors

PAGE_SIZE = 50
CSV_CHUNK_SIZE = 500

# Geometry of the progress chart, in SVG user units.
CHART_WIDTH = 500
CHART_HEIGHT = 240
CHART_TOP = 30
CHART_BASELINE = 200
BAR_WIDTH = 60


@trainer_required
def course_learners(request, slug: str):
    """The learners of a course the trainer teaches: progress, activity, stuck,
    and a "Donner un essai de plus" button per quiz a learner has no attempt left at."""
    course = selectors.dashboard_course(user=request.user, slug=slug)
    page = Paginator(selectors.course_learners_progress(course), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    bands = selectors.progress_distribution(course)
    out_of_attempts = quiz_selectors.learners_out_of_attempts(
        course=course, user_ids=[row.user_id for row in page.object_list]
    )
    context = {
        "course": course,
        "page": page,
        "rows": [(row, out_of_attempts.get(row.user_id, [])) for row in page],
        "bands": _chart_bars(bands),
        "total": sum(band.count for band in bands),
        "chart": {
            "width": CHART_WIDTH,
            "height": CHART_HEIGHT,
            "baseline": CHART_BASELINE,
        },
        "stuck_days": selectors.stuck_after_days(),
    }
    return render(request, "courses/dashboard/course_learners.html", context)


def _chart_bars(bands: list[selectors.ProgressBand]) -> list[dict]:
    """Each band with the position and height of its bar in the SVG chart."""
    tallest = max((band.count for band in bands), default=0) or 1
    step = CHART_WIDTH // len(bands)
    bars = []
    for index, band in enumerate(bands):
        height = (CHART_BASELINE - CHART_TOP) * band.count // tallest
        x = index * step + (step - BAR_WIDTH) // 2
        bars.append(
            {
                "band": band,
                "label": _band_label(band),
                "x": x,
                "middle": x + BAR_WIDTH // 2,
                "y": CHART_BASELINE - height,
                "width": BAR_WIDTH,
                "height": height,
            }
        )
    return bars


def _band_label(band: selectors.ProgressBand) -> str:
    if band.low == band.high:
        return f"{band.high} %"
    return f"{band.low}–{band.high} %"


@trainer_required
def course_learners_csv(request, slug: str):
    """The same rows as the dashboard, streamed as a CSV file."""
    course = selectors.dashboard_course(user=request.user, slug=slug)
    rows = selectors.course_learners_progress(course).iterator(
        chunk_size=CSV_CHUNK_SIZE
    )
    writer = csv_writer(EchoBuffer())
    response = StreamingHttpResponse(
        chain([CSV_BOM], (writer.writerow(row) for row in _csv_rows(rows))),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"{slugify(course.slug) or 'module'}-apprenant-es.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@trainer_required
def course_learners_xlsx(request, slug: str):
    """The same rows as the CSV file, as an Excel workbook."""
    course = selectors.dashboard_course(user=request.user, slug=slug)
    rows = selectors.course_learners_progress(course).iterator(
        chunk_size=CSV_CHUNK_SIZE
    )
    response = HttpResponse(
        xlsx_bytes(_csv_rows(rows), title=_("Apprenant·es")), content_type=XLSX_TYPE
    )
    filename = f"{slugify(course.slug) or 'module'}-apprenant-es.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_rows(enrollments: Iterable) -> Iterator[list[str]]:
    yield [
        _("identifiant"),
        _("prénom"),
        _("nom"),
        _("inscrit·e le"),
        _("dernière activité"),
        _("leçons terminées"),
        _("leçons obligatoires"),
        _("pourcentage"),
        _("terminé le"),
        _("bloqué·e"),
    ]
    for enrollment in enrollments:
        user = enrollment.user
        yield [
            safe_cell(user.username),
            safe_cell(user.first_name),
            safe_cell(user.last_name),
            moment_cell(enrollment.enrolled_at),
            moment_cell(enrollment.last_activity_at),
            str(enrollment.required_done),
            str(enrollment.required_total),
            str(enrollment.percent),
            moment_cell(enrollment.completed_at),
            _("oui") if enrollment.stuck else _("non"),
        ]
