"""API of course archives: GET /api/v1/course-archives/{id}/ exports a course a
trainer teaches; POST /api/v1/course-archives/ imports one as a new draft.

A refused archive answers 400 with every reason; one past
COURSE_ARCHIVE_MAX_BYTES, 413 (it is never read to the end). Imports and exports
by one trainer, with the pages', past COURSE_ARCHIVE_RATE_LIMIT: 429 with
Retry-After, before the archive is read or written."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_errors import RequestTooLarge
from core.uploads import UploadSizeLimit, too_big_error
from courses.selectors import course_for_teacher
from members.permissions import IsTrainer

from .archive import archive_max_bytes, course_archive_import
from .archive_views import archive_download
from .ratelimit import archive_limited_message, archive_retry_after

Detail = inline_serializer("CourseArchiveDetail", {"detail": serializers.CharField()})
LIMITED = OpenApiResponse(
    Detail, "Past COURSE_ARCHIVE_RATE_LIMIT imports and exports: see Retry-After."
)


class ArchiveThrottled(Throttled):
    """429 with our own message; DRF's handler sets Retry-After from `wait`."""

    def __init__(self, wait: int):
        # Without `wait` here, DRF would add its own English sentence.
        super().__init__(detail=archive_limited_message(wait))
        self.wait = wait


def archive_rate_check(user) -> None:
    """Counts one import or export by `user`; past the limit, ArchiveThrottled."""
    wait = archive_retry_after(user)
    if wait is not None:
        raise ArchiveThrottled(wait)


class ArchiveUploadSerializer(serializers.Serializer):
    archive = serializers.FileField(help_text="A <slug>.sirius-course.zip archive.")


class ImportedCourseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    slug = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="Always draft.")
    teach_url = serializers.CharField(
        read_only=True, help_text="The course's page in /teach/."
    )


class ArchiveRefusalSerializer(serializers.Serializer):
    archive = serializers.ListField(child=serializers.CharField())


class CourseArchiveImportView(APIView):
    """Imports a course archive as a new draft taught by the caller."""

    permission_classes = [IsTrainer]
    parser_classes = [MultiPartParser]

    def initialize_request(self, request, *args, **kwargs):
        # Before anything reads the body: past the limit, nothing is stored.
        request.upload_handlers.insert(0, UploadSizeLimit(request, archive_max_bytes()))
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(
        operation_id="course_archive_import",
        request={"multipart/form-data": ArchiveUploadSerializer},
        responses={
            201: ImportedCourseSerializer,
            400: OpenApiResponse(
                ArchiveRefusalSerializer, "The archive is refused: every reason."
            ),
            403: OpenApiResponse(description="Trainers and staff only."),
            413: OpenApiResponse(description="Past COURSE_ARCHIVE_MAX_BYTES."),
            429: LIMITED,
        },
    )
    def post(self, request):
        archive_rate_check(request.user)  # before the archive is looked at
        archive = request.data.get("archive")
        if getattr(request._request, "upload_too_big", False):
            raise RequestTooLarge(too_big_error(archive_max_bytes()).messages[0])
        checked = ArchiveUploadSerializer(data={"archive": archive})
        checked.is_valid(raise_exception=True)
        try:
            course = course_archive_import(
                upload=checked.validated_data["archive"], user=request.user
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"archive": error.messages}) from error
        data = {
            "id": course.pk,
            "slug": course.slug,
            "title": course.title,
            "status": course.status,
            "teach_url": reverse("teach:course-detail", args=[course.pk]),
        }
        return Response(
            ImportedCourseSerializer(data).data, status=status.HTTP_201_CREATED
        )


class CourseArchiveExportView(APIView):
    """A course the caller teaches (staff: any) as a zip archive."""

    permission_classes = [IsTrainer]

    @extend_schema(
        operation_id="course_archive_export",
        responses={
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, "The course as <slug>.sirius-course.zip."
            ),
            403: OpenApiResponse(description="Trainers and staff only."),
            404: OpenApiResponse(description="Not a course the caller teaches."),
            429: LIMITED,
        },
    )
    def get(self, request, pk: int):
        course = course_for_teacher(request.user, pk)
        archive_rate_check(request.user)
        return archive_download(course)
