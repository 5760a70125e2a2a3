"""Trainer gradebook: learners x quizzes of a course, on a page and as CSV or XLSX."""

from collections.abc import Iterable, Iterator
from itertools import chain

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from .dashboard_views import CSV_CHUNK_SIZE, PAGE_SIZE

CERTIFICATE_LABELS = {
    selectors.CERTIFICATE_NONE: gettext_lazy("aucun"),
    selectors.CERTIFICATE_PREPARING: gettext_lazy("en préparation"),
    selectors.CERTIFICATE_ISSUED: gettext_lazy("délivré"),
    selectors.CERTIFICATE_REVOKED: gettext_lazy("révoqué"),
}


def _gradebook(request, slug: str) -> selectors.Gradebook:
    course = selectors.dashboard_course(user=request.user, slug=slug)
    return selectors.course_gradebook(
        user=request.user,
        course=course,
        group_id=request.GET.get("group"),
        order=request.GET.get("order"),
    )


@trainer_required
def course_gradebook(request, slug: str):
    """Each learner's best and last score, attempts and pass per quiz, their
    completion and certificate; filtered by group and sorted by GET parameters."""
    book = _gradebook(request, slug)
    page = Paginator(book.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "book": book,
        "course": book.course,
        "page": page,
        "rows": [
            (row, CERTIFICATE_LABELS[row.certificate])
            for row in (selectors.gradebook_row(e, book.quizzes) for e in page)
        ],
        "sort_choices": _sort_choices(book.quizzes),
    }
    return render(request, "courses/dashboard/course_gradebook.html", context)


@trainer_required
def course_gradebook_csv(request, slug: str):
    """The gradebook with the page's filter and order, streamed as a CSV file."""
    book = _gradebook(request, slug)
    writer = csv_writer(EchoBuffer())
    response = StreamingHttpResponse(
        chain([CSV_BOM], (writer.writerow(row) for row in _export_rows(book))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = _attachment(book, "csv")
    return response


@trainer_required
def course_gradebook_xlsx(request, slug: str):
    """The same rows as the CSV file, as an Excel workbook."""
    book = _gradebook(request, slug)
    response = HttpResponse(
        xlsx_bytes(_export_rows(book), title=_("Carnet de notes")),
        content_type=XLSX_TYPE,
    )
    response["Content-Disposition"] = _attachment(book, "xlsx")
    return response


def _attachment(book: selectors.Gradebook, extension: str) -> str:
    filename = f"{slugify(book.course.slug) or 'module'}-carnet-de-notes.{extension}"
    return f'attachment; filename="{filename}"'


def _sort_choices(quizzes: Iterable[selectors.GradebookQuiz]) -> list[tuple[str, str]]:
    """The order menu: (value, label), the dashboard's order first."""
    choices = [
        ("", _("Bloqué·es d'abord")),
        (selectors.ORDER_NAME, _("Nom (de A à Z)")),
        (f"-{selectors.ORDER_NAME}", _("Nom (de Z à A)")),
        (selectors.ORDER_COMPLETION, _("Progression (la plus faible d'abord)")),
        (f"-{selectors.ORDER_COMPLETION}", _("Progression (la plus forte d'abord)")),
    ]
    for quiz in quizzes:
        choices += [
            (
                quiz.order_key,
                _("Meilleur score « %(title)s » (le plus faible d'abord)")
                % {"title": quiz.title},
            ),
            (
                f"-{quiz.order_key}",
                _("Meilleur score « %(title)s » (le plus fort d'abord)")
                % {"title": quiz.title},
            ),
        ]
    return choices


def _export_rows(book: selectors.Gradebook) -> Iterator[list[str]]:
    header = [_("identifiant"), _("prénom"), _("nom")]
    for quiz in book.quizzes:
        # Quiz titles are typed by trainers: a header cell is a cell like any other.
        title = safe_cell(quiz.title)
        header += [
            _("%(quiz)s : meilleur score (%%)") % {"quiz": title},
            _("%(quiz)s : dernier score (%%)") % {"quiz": title},
            _("%(quiz)s : tentatives") % {"quiz": title},
            _("%(quiz)s : tentatives permises") % {"quiz": title},
            _("%(quiz)s : réussi") % {"quiz": title},
        ]
    header += [_("pourcentage"), _("terminé le"), _("certificat")]
    yield header
    for enrollment in book.rows.iterator(chunk_size=CSV_CHUNK_SIZE):
        row = selectors.gradebook_row(enrollment, book.quizzes)
        user = row.user
        cells = [
            safe_cell(user.username),
            safe_cell(user.first_name),
            safe_cell(user.last_name),
        ]
        for _quiz, cell in row.cells:
            cells += [
                _number(cell.best),
                _number(cell.last),
                str(cell.used),
                _number(cell.allowed),
                _("oui") if cell.passed else _("non"),
            ]
        cells += [
            str(enrollment.percent),
            moment_cell(enrollment.completed_at),
            str(CERTIFICATE_LABELS[row.certificate]),
        ]
        yield cells


def _number(value: int | None) -> str:
    return "" if value is None else str(value)
