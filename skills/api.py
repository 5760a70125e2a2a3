"""API of the skills app: /me/skills/, /me/portfolio/, /partners/members/."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from members.permissions import IsPartner

from . import selectors, services
from .serializers import (
    PartnerMemberSerializer,
    PartnerMembersQuerySerializer,
    PortfolioSerializer,
    SkillSerializer,
)

PARTNER_MAX_RESULTS = 500


class MySkillsView(APIView):
    """The caller's skills: per competence the highest level and its evidence."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="My skills", responses={200: SkillSerializer(many=True)})
    def get(self, request):
        summaries = selectors.member_skill_summaries(user=request.user)
        return Response(SkillSerializer(summaries, many=True).data)


class MyPortfolioView(generics.RetrieveUpdateAPIView):
    """The caller's own portfolio (never anyone else's); levels are not fields."""

    serializer_class = PortfolioSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return services.portfolio_get_or_create(user=self.request.user)

    def update(self, request, *args, **kwargs):
        writable = {
            name
            for name, field in PortfolioSerializer().fields.items()
            if not field.read_only
        }
        unknown = sorted(set(request.data) - writable)
        if unknown:
            return Response(
                {name: ["This field cannot be changed."] for name in unknown},
                status=status.HTTP_400_BAD_REQUEST,
            )
        portfolio = self.get_object()
        serializer = self.get_serializer(portfolio, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            services.portfolio_update(
                portfolio=portfolio, user=request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return Response(self.get_serializer(portfolio).data)


class PartnerMembersView(APIView):
    """Members who shared their portfolio with the caller's organisation, only."""

    permission_classes = [IsPartner]

    @extend_schema(
        summary="Members who shared with my organisation",
        parameters=[
            OpenApiParameter("competence", str, description="DigComp code: 2.1"),
            OpenApiParameter("min_level", int, description="1 to 8"),
        ],
        responses={200: PartnerMemberSerializer(many=True)},
    )
    def get(self, request):
        query = PartnerMembersQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        portfolios = selectors.partner_shared_portfolios(
            organisation_id=request.user.organisation_id or 0,
            competence_code=query.validated_data.get("competence"),
            min_level=query.validated_data.get("min_level"),
        )[:PARTNER_MAX_RESULTS]
        rows = [
            {
                "name": str(portfolio.user),
                "headline": portfolio.headline,
                "portfolio_url": request.build_absolute_uri(
                    portfolio.get_absolute_url()
                ),
                "skills": [
                    {"competence": competence.code, "level": level}
                    for competence, level in selectors.highest_levels(
                        portfolio.user.active
                    )
                ],
            }
            for portfolio in portfolios
        ]
        return Response(PartnerMemberSerializer(rows, many=True).data)
