"""API of the impact reports (/api/v1/reports/): an index, the summary and each
breakdown, protected as the page."""

from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors
from .forms import ReportForm, report_form
from .published import PublishedReport, report_publish
from .serializers import (
    ReportBreakdownSerializer,
    ReportIndexSerializer,
    ReportSummarySerializer,
)

PROTECTION = (
    "Figures are protected as on /reports/: a count from 1 to 4 is never given, "
    "only hidden (value null, display '< 5'). A coordinator gets their own "
    "organisation's report; asking for another organisation is a 403."
)
QUERY_PARAMETERS = [
    OpenApiParameter(
        "start", str, description="First day, YYYY-MM-DD (default: a year ago)"
    ),
    OpenApiParameter(
        "end", str, description="Last day, included, YYYY-MM-DD (default: today)"
    ),
    OpenApiParameter(
        "organisation",
        int,
        description="Organisation id; empty: the whole platform (staff) "
        "or the caller's organisation (coordinators).",
    ),
]
ERRORS = {
    400: OpenApiResponse(description="A date or the period is not valid."),
    403: OpenApiResponse(
        description="Not staff nor coordinator, or another organisation."
    ),
}


class CanSeeReports(BasePermission):
    """Platform staff and organisation coordinators (reports.selectors)."""

    def has_permission(self, request, view) -> bool:
        return selectors.may_see_reports(request.user)


def _published(request) -> tuple[ReportForm, PublishedReport]:
    """The protected report the query asks for; a 400 naming each wrong field."""
    form = report_form(request.user, request.query_params)
    if not form.is_valid():
        raise serializers.ValidationError(
            {
                name: [e["message"] for e in errors]
                for name, errors in form.errors.get_json_data().items()
            }
        )
    figures = selectors.impact_figures(
        period=form.period, organisation=form.cleaned_data["organisation"]
    )
    return form, report_publish(figures)


def _head(form: ReportForm, report: PublishedReport) -> dict:
    organisation = form.cleaned_data["organisation"]
    return {
        "start": form.period.start,
        "end": form.period.end,
        "organisation": (
            {"id": organisation.pk, "name": organisation.name} if organisation else None
        ),
        "scope": report.scope,
        "threshold": report.threshold,
        "rounding_base": report.rounding_base,
    }


def _link(request, form: ReportForm, name: str, **kwargs) -> str:
    """An absolute URL to another report of the same period and organisation."""
    query = {"start": form.period.start, "end": form.period.end}
    if organisation := form.cleaned_data["organisation"]:
        query["organisation"] = organisation.pk
    url = f"{reverse(name, kwargs=kwargs)}?{urlencode(query)}"
    return request.build_absolute_uri(url)


class ReportIndexView(APIView):
    """The reports there are for a period, each with its link."""

    permission_classes = [CanSeeReports]

    @extend_schema(
        summary="Impact reports of a period: what there is",
        description=(
            "Names the summary and every breakdown (one table of the summary: "
            "certificates by course, certified skills by DigComp area, by level, "
            "...), each with a link for the same period and organisation. " + PROTECTION
        ),
        parameters=QUERY_PARAMETERS,
        responses={200: ReportIndexSerializer, **ERRORS},
    )
    def get(self, request):
        form, report = _published(request)
        reports = [
            {
                "key": "summary",
                "title": _("Chiffres clés"),
                "description": _("Les chiffres clés et tous les tableaux."),
                "url": _link(request, form, "api-report-summary"),
            }
        ] + [
            {
                "key": table.key,
                "title": table.caption,
                "description": table.definition,
                "url": _link(request, form, "api-report-breakdown", key=table.key),
            }
            for table in report.tables
        ]
        data = {**_head(form, report), "reports": reports}
        return Response(ReportIndexSerializer(data).data)


class ReportSummaryView(APIView):
    """The figures of a period, for one organisation or (staff) the platform."""

    permission_classes = [CanSeeReports]

    @extend_schema(
        summary="Impact report of a period",
        description="The same figures and tables as /reports/. " + PROTECTION,
        parameters=QUERY_PARAMETERS,
        responses={200: ReportSummarySerializer, **ERRORS},
    )
    def get(self, request):
        form, report = _published(request)
        data = {
            **_head(form, report),
            "figures": report.figures,
            "tables": report.tables,
        }
        return Response(ReportSummarySerializer(data).data)


class ReportBreakdownView(APIView):
    """One table of the report, by its key."""

    permission_classes = [CanSeeReports]

    @extend_schema(
        summary="One breakdown of an impact report",
        description=(
            "One table of the summary, with its rows and total, protected as a "
            "whole (a hidden cell cannot be worked out from the total). " + PROTECTION
        ),
        parameters=[
            OpenApiParameter(
                "key",
                str,
                OpenApiParameter.PATH,
                description="A breakdown's key, as GET /api/v1/reports/ lists them "
                "(certificates_by_course, skills_by_area, skills_by_level, ...).",
            ),
            *QUERY_PARAMETERS,
        ],
        responses={
            200: ReportBreakdownSerializer,
            **ERRORS,
            404: OpenApiResponse(description="No breakdown has this key."),
        },
    )
    def get(self, request, key: str):
        form, report = _published(request)
        # The tables are whatever reports.published publishes: a new one is a
        # breakdown here without any change.
        table = next((t for t in report.tables if t.key == key), None)
        if table is None:
            raise Http404
        data = {**_head(form, report), "table": table}
        return Response(ReportBreakdownSerializer(data).data)
