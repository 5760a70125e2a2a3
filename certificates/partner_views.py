"""Partners verify a list of codes at once: a table on the page, or a CSV file."""

import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.spreadsheets import CSV_BOM, XLSX_TYPE, csv_writer, safe_cell, xlsx_bytes
from members.permissions import partner_required

from . import selectors, services
from .api import credential_check_answer, credential_input
from .credential_check import MAX_BYTES
from .forms import PartnerVerifyForm
from .ratelimit import verification_retry_after
from .selectors import Verification
from .views import rate_limited_message, verification_headers


@partner_required
@require_http_methods(["GET", "POST"])
def bulk_verify(request):
    """Up to 200 codes in one query; each look-up of a certificate is logged for
    its holder. A list counts as one look-up against the rate limit."""
    form = PartnerVerifyForm(request.POST or None, request.FILES or None)
    context = {"form": form, "results": None}
    status = 200
    if request.method == "POST":
        retry_after = verification_retry_after(request)
        if retry_after is not None:
            context["limited_message"] = rate_limited_message()
            response = render(
                request, "certificates/partner/verify_bulk.html", context, status=429
            )
            response["Retry-After"] = str(retry_after)
            return verification_headers(response)
        if form.is_valid():
            results = selectors.verifications_lookup(form.cleaned_data["code_list"])
            services.verification_log_record(
                certificates=[r.certificate for r in results if r.certificate],
                user=request.user,
            )
            if request.POST.get("format") == "csv":
                return verification_headers(_csv_response(results))
            if request.POST.get("format") == "xlsx":
                return verification_headers(_xlsx_response(results))
            context["results"] = results
            context["codes_text"] = ", ".join(form.cleaned_data["code_list"])
        else:
            status = 400
    response = render(
        request, "certificates/partner/verify_bulk.html", context, status=status
    )
    return verification_headers(response)


def _rows(results: list[Verification]):
    yield [_("code saisi"), _("statut"), _("titulaire"), _("module"), _("délivré le")]
    for result in results:
        shown = result.shown
        yield [
            safe_cell(result.typed),
            safe_cell(result.status_label),
            safe_cell(shown.holder_name) if shown else "",
            safe_cell(shown.course_title) if shown else "",
            shown.issued_on.isoformat() if shown else "",
        ]


def _xlsx_response(results: list[Verification]) -> HttpResponse:
    body = xlsx_bytes(_rows(results), title=_("Vérification"))
    response = HttpResponse(body, content_type=XLSX_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="verification-certificats-{stamp}.xlsx"'
    )
    return response


def _csv_response(results: list[Verification]) -> HttpResponse:
    buffer = io.StringIO(CSV_BOM)
    buffer.seek(0, io.SEEK_END)
    csv_writer(buffer).writerows(_rows(results))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="verification-certificats-{stamp}.csv"'
    )
    return response


@partner_required
@require_http_methods(["GET", "POST"])
def badge_verify(request):
    """A pasted or uploaded Open Badge, checked step by step, with nothing fetched."""
    context = {"answer": None, "problem": None, "pasted": ""}
    status = 200
    if request.method == "POST":
        retry_after = verification_retry_after(request)
        if retry_after is not None:
            context["limited_message"] = rate_limited_message()
            response = render(
                request, "certificates/partner/verify_badge.html", context, status=429
            )
            response["Retry-After"] = str(retry_after)
            return verification_headers(response)
        raw = credential_input(request)
        context["pasted"] = request.POST.get("credential", "")[:MAX_BYTES]
        data, status = credential_check_answer(raw)
        if "checks" in data:
            context["answer"] = data
        else:
            context["problem"] = data["detail"]
    response = render(
        request, "certificates/partner/verify_badge.html", context, status=status
    )
    return verification_headers(response)
