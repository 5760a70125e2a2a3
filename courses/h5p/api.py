"""API for trainers' H5P packages: POST /api/v1/h5p/contents/ installs one.

Trainers may upload a package whose libraries are installed already; staff may
also install new libraries or higher patches. A refused package answers 400 with
every reason; one past H5P_MAX_PACKAGE_BYTES, 413 (it is never read to the end).
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_errors import RequestTooLarge
from core.uploads import UploadSizeLimit
from h5p import services as h5p_engine
from members.permissions import IsTrainer


class H5PPackageSerializer(serializers.Serializer):
    package = serializers.FileField(help_text="The .h5p file (a zip archive).")


class H5PContentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    libraries = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text='Every library it uses, as "machineName major.minor.patch".',
    )


class H5PRefusalSerializer(serializers.Serializer):
    package = serializers.ListField(child=serializers.CharField())


class H5PContentCreateView(APIView):
    """Checks and installs an H5P package (trainers and staff)."""

    permission_classes = [IsTrainer]
    parser_classes = [MultiPartParser]

    def initialize_request(self, request, *args, **kwargs):
        # Before anything reads the body (the CSRF check of session log-ins
        # does): an upload past the limit is cut off, never stored.
        request.upload_handlers.insert(
            0, UploadSizeLimit(request, settings.H5P_MAX_PACKAGE_BYTES)
        )
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(
        operation_id="h5p_content_create",
        request={"multipart/form-data": H5PPackageSerializer},
        responses={
            201: H5PContentSerializer,
            400: OpenApiResponse(
                H5PRefusalSerializer, "The package is refused: every reason."
            ),
            403: OpenApiResponse(description="Trainers and staff only."),
            413: OpenApiResponse(description="Past H5P_MAX_PACKAGE_BYTES."),
        },
    )
    def post(self, request):
        package = request.data.get("package")
        if getattr(request._request, "upload_too_big", False):
            raise RequestTooLarge(
                _("Ce paquet est trop lourd (%(max)s Mo au plus).")
                % {"max": max(1, settings.H5P_MAX_PACKAGE_BYTES // (1024 * 1024))}
            )
        checked = H5PPackageSerializer(data={"package": package})
        checked.is_valid(raise_exception=True)
        try:
            content = h5p_engine.package_install(
                upload=checked.validated_data["package"], user=request.user
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"package": error.messages}) from error
        data = {
            "id": content.pk,
            "title": content.title,
            "libraries": [
                str(library) for library in content.libraries.order_by("machine_name")
            ],
        }
        return Response(H5PContentSerializer(data).data, status=status.HTTP_201_CREATED)
