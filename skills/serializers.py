"""Serializers of the skills API: the member's skills, portfolio, partners' list."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import MemberSkill, Portfolio


class EvidenceSerializer(serializers.Serializer):
    """One piece of evidence behind a skill."""

    source = serializers.ChoiceField(choices=MemberSkill.Source.choices)
    level = serializers.IntegerField(min_value=1, max_value=8)
    date = serializers.DateField(source="awarded_on")
    certificate = serializers.SerializerMethodField(
        help_text="Code of the certificate (certified skills); null when attested."
    )
    note = serializers.CharField(help_text="The trainer's note (attested skills).")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_certificate(self, skill: MemberSkill) -> str | None:
        return skill.certificate.display_code if skill.certificate_id else None


class SkillSerializer(serializers.Serializer):
    """One competence: the highest level that counts and all its evidence."""

    competence = serializers.CharField(source="competence.code", help_text="2.1")
    name = serializers.CharField(source="competence.name")
    level = serializers.IntegerField(min_value=1, max_value=8)
    evidence = EvidenceSerializer(many=True)


class PortfolioSerializer(serializers.ModelSerializer):
    """The caller's portfolio: fields and visibility are writable, skills never."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = Portfolio
        fields = [
            "slug",
            "url",
            "headline",
            "languages",
            "region",
            "about",
            "job_sought",
            "visibility",
            "search_engines",
        ]
        read_only_fields = ["slug", "url"]

    def get_url(self, portfolio: Portfolio) -> str:
        return self.context["request"].build_absolute_uri(portfolio.get_absolute_url())


class PartnerSkillSerializer(serializers.Serializer):
    competence = serializers.CharField(help_text="2.1")
    level = serializers.IntegerField(min_value=1, max_value=8)


class PartnerMemberSerializer(serializers.Serializer):
    """A member who shared their portfolio with the partner's organisation."""

    name = serializers.CharField()
    headline = serializers.CharField()
    portfolio_url = serializers.URLField()
    skills = PartnerSkillSerializer(many=True)


class PartnerMembersQuerySerializer(serializers.Serializer):
    competence = serializers.RegexField(r"^[1-9]\.[1-9]$", required=False)
    min_level = serializers.IntegerField(min_value=1, max_value=8, required=False)
