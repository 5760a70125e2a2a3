"""Impact report pages: the figures of a period with their charts, the same as a
CSV file, and as a PDF that a worker prepares (its status page and download)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from core.files import private_file_response
from core.spreadsheets import CSV_BOM, csv_writer, safe_cell

from . import selectors, services
from .charts import chart_data, report_charts
from .forms import report_form
from .models import ReportExport
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


@login_required
@require_POST
def report_export_create(request):
    """Asks a worker for the PDF of the period shown, then shows its status."""
    if not selectors.may_see_reports(request.user):
        raise PermissionDenied
    form = report_form(request.user, request.POST)
    if not form.is_valid():
        return render(
            request,
            "reports/report_detail.html",
            {"form": form, "report": None, "charts": None, "query": ""},
            status=400,
        )
    organisation = form.cleaned_data["organisation"]
    try:
        export = services.report_export_create(
            requester=request.user,
            period=form.period,
            organisation=organisation,
            language=get_language(),
        )
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
        query = {
            "start": form.period.start.isoformat(),
            "end": form.period.end.isoformat(),
            "organisation": organisation.pk if organisation else "",
        }
        return redirect(f"{reverse('reports:report-detail')}?{urlencode(query)}")
    return redirect(export)


@login_required
def report_export_detail(request, pk):
    """The export's state: in preparation until the PDF is stored, then its
    link; htmx asks again every few seconds and swaps only the status."""
    export = selectors.report_export_of(user=request.user, pk=pk)
    template = (
        "reports/partials/_export_status.html"
        if request.htmx
        else "reports/reportexport_detail.html"
    )
    return render(request, template, {"export": export})


@login_required
def report_export_file(request, pk):
    """The PDF, for whoever asked for it (and staff); 404 for anyone else."""
    export = selectors.report_export_of(user=request.user, pk=pk)
    if export.state != ReportExport.State.READY or not export.file:
        raise Http404
    response = private_file_response(request, export.file.name)
    response["Content-Type"] = "application/pdf"
    filename = f"rapport-impact-{export.start:%Y-%m-%d}-{export.end:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
