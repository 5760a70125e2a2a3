"""API of the impact reports: /api/v1/reports/summary/, protected as the page."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors
from .forms import report_form
from .published import report_publish
from .serializers import ReportSummarySerializer


class CanSeeReports(BasePermission):
    """Platform staff and organisation coordinators (reports.selectors)."""

    def has_permission(self, request, view) -> bool:
        return selectors.may_see_reports(request.user)


class ReportSummaryView(APIView):
    """The figures of a period, for one organisation or (staff) the platform."""

    permission_classes = [CanSeeReports]

    @extend_schema(
        summary="Impact report of a period",
        description=(
            "The same figures as /reports/, protected the same way: a count from "
            "1 to 4 is never given, only hidden (value null, display '< 5'). "
            "A coordinator gets their own organisation's report; asking for "
            "another organisation is a 403."
        ),
        parameters=[
            OpenApiParameter(
                "start", str, description="First day, YYYY-MM-DD (default: a year ago)"
            ),
            OpenApiParameter(
                "end",
                str,
                description="Last day, included, YYYY-MM-DD (default: today)",
            ),
            OpenApiParameter(
                "organisation",
                int,
                description="Organisation id; empty: the whole platform (staff) "
                "or the caller's organisation (coordinators).",
            ),
        ],
        responses={
            200: ReportSummarySerializer,
            400: OpenApiResponse(description="A date or the period is not valid."),
            403: OpenApiResponse(
                description="Not staff nor coordinator, or another organisation."
            ),
        },
    )
    def get(self, request):
        form = report_form(request.user, request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    name: [e["message"] for e in errors]
                    for name, errors in form.errors.get_json_data().items()
                }
            )
        organisation = form.cleaned_data["organisation"]
        report = report_publish(
            selectors.impact_figures(period=form.period, organisation=organisation)
        )
        data = {
            "start": form.period.start,
            "end": form.period.end,
            "organisation": (
                {"id": organisation.pk, "name": organisation.name}
                if organisation
                else None
            ),
            "scope": report.scope,
            "threshold": report.threshold,
            "rounding_base": report.rounding_base,
            "figures": report.figures,
            "tables": report.tables,
        }
        return Response(ReportSummarySerializer(data).data)
