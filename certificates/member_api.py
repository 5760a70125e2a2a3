"""API of the member's own certificates: GET /api/v1/me/certificates/."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated

from . import selectors
from .models import Certificate


class MyCertificateSerializer(serializers.Serializer):
    """One of the caller's certificates, as the verification page states it."""

    code = serializers.CharField(source="display_code", help_text="XXXX-XXXX-XXXX-C")
    status = serializers.ChoiceField(
        source="public_status",
        choices=Certificate.PublicStatus.choices,
        help_text="preparing, valid, expired, revoked or superseded.",
    )
    course = serializers.CharField(
        source="course_title", help_text="The course title as printed."
    )
    issued_on = serializers.DateField()
    pdf_url = serializers.SerializerMethodField(
        help_text="Download link of the original PDF; null while it is prepared."
    )

    def get_pdf_url(self, certificate: Certificate) -> str | None:
        if not certificate.pdf:
            return None
        path = reverse("certificates:pdf", args=[certificate.display_code])
        return self.context["request"].build_absolute_uri(path)


class MyCertificatesView(generics.ListAPIView):
    """The caller's certificates, newest first (never anyone else's)."""

    serializer_class = MyCertificateSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None

    def get_queryset(self):
        return selectors.certificates_of(user=self.request.user)

    @extend_schema(
        summary="My certificates",
        responses={200: MyCertificateSerializer(many=True)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
