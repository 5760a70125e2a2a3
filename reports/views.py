"""Impact report pages: the figures of a period with their charts, and the same
as a CSV file."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from core.spreadsheets import CSV_BOM, csv_writer, safe_cell

from . import selectors
from .charts import chart_data, report_charts
from .forms import report_form
from .published import report_csv_rows, report_publish


def _checked_form(request):
    """Staff and coordinators only (403 for anyone else, and for another
    organisation's report)."""
    if not selectors.may_see_reports(request.user):
        raise PermissionDenied
    return report_form(request.user, request.GET)


def _published(form):
    figures = selectors.impact_figures(
        period=form.period, organisation=form.cleaned_data["organisation"]
    )
    return report_publish(figures)


@login_required
def report_detail(request):
    """The form, and the protected figures once the period is valid."""
    form = _checked_form(request)
    report = _published(form) if form.is_valid() else None
    context = {
        "form": form,
        "report": report,
        "charts": chart_data(report_charts(report)) if report else None,
        "query": form.data.urlencode(),
    }
    return render(request, "reports/report_detail.html", context, status=200)


@login_required
def report_csv(request):
    """The figures exactly as the page shows them, "< 5" included."""
    form = _checked_form(request)
    if not form.is_valid():
        return render(
            request,
            "reports/report_detail.html",
            {"form": form, "report": None, "query": ""},
            status=400,
        )
    report = _published(form)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write(CSV_BOM)
    writer = csv_writer(response)
    for row in report_csv_rows(report):
        writer.writerow([safe_cell(str(cell)) for cell in row])
    period = form.period
    filename = f"rapport-impact-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
