"""The published report as JSON: each figure with its value (null when hidden)
and the text the page shows ("< 5", "masqué")."""

from rest_framework import serializers


class FigureSerializer(serializers.Serializer):
    value = serializers.IntegerField(
        allow_null=True,
        help_text="The published number: rounded, null when hidden or empty.",
    )
    display = serializers.CharField(
        source="text", help_text='As the page shows it: "12", "< 5", "masqué", "—".'
    )
    hidden = serializers.BooleanField(
        help_text="True when hidden to protect people (never a count from 1 to 4)."
    )


class PublishedFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    definition = serializers.CharField()
    figure = FigureSerializer()


class PublishedRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    figure = FigureSerializer()


class PublishedTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    caption = serializers.CharField()
    definition = serializers.CharField()
    column = serializers.CharField()
    rows = PublishedRowSerializer(many=True)
    total = FigureSerializer()
    total_label = serializers.CharField(
        help_text='The total line\'s label when it is not a plain "Total" (else "").'
    )
    notes = PublishedFigureSerializer(
        many=True, help_text="Figures told under the table (who did not say)."
    )


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReportHeadSerializer(serializers.Serializer):
    """What every report answer starts with: the period and the scope asked for."""

    start = serializers.DateField()
    end = serializers.DateField()
    organisation = OrganisationRefSerializer(allow_null=True)
    scope = serializers.CharField()


class ProtectedReportSerializer(ReportHeadSerializer):
    """A head followed by figures: how they were protected comes with them."""

    threshold = serializers.IntegerField(
        help_text="Counts from 1 to threshold - 1 are hidden as '< threshold'."
    )
    rounding_base = serializers.IntegerField(
        help_text="Other counts are rounded to the nearest multiple of it."
    )


class ReportSummarySerializer(ProtectedReportSerializer):
    figures = PublishedFigureSerializer(many=True)
    tables = PublishedTableSerializer(many=True)


class ReportBreakdownSerializer(ProtectedReportSerializer):
    table = PublishedTableSerializer()


class ReportLinkSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text='"summary", or the key of a breakdown (a table of the summary).'
    )
    title = serializers.CharField()
    description = serializers.CharField()
    url = serializers.URLField(
        help_text="The report for the same period and organisation."
    )


class ReportIndexSerializer(ReportHeadSerializer):
    reports = ReportLinkSerializer(many=True)
