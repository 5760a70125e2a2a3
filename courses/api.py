"""API of the courses app: the catalogue, enrolment, lesson completion, progress."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .models import Enrollment, Lesson, Module
from .serializers import (
    CourseDetailSerializer,
    CourseSerializer,
    EnrollmentCreateSerializer,
    EnrollmentSerializer,
    ProgressSerializer,
)


class CappedPagination(PageNumberPagination):
    """20 per page by default; clients may ask for up to 100 with page_size."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class CourseListView(generics.ListAPIView):
    """Published courses, in title order."""

    serializer_class = CourseSerializer
    permission_classes = [AllowAny]
    pagination_class = CappedPagination

    def get_queryset(self):
        return selectors.course_catalogue()


class CourseDetailView(generics.RetrieveAPIView):
    """A published course with its syllabus: modules and their lessons, in order."""

    serializer_class = CourseDetailSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        lessons = Lesson.objects.only("id", "module_id", "kind", "title", "minutes")
        modules = Module.objects.prefetch_related(Prefetch("lessons", queryset=lessons))
        return selectors.course_catalogue().prefetch_related(
            Prefetch("modules", queryset=modules)
        )


def _service_error(
    error: DjangoValidationError, field: str
) -> serializers.ValidationError:
    return serializers.ValidationError({field: error.messages})


class EnrollmentCreateView(APIView):
    """Enrols the caller in a published course; enrolling again returns the same."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=EnrollmentCreateSerializer,
        responses={
            201: EnrollmentSerializer,
            200: OpenApiResponse(EnrollmentSerializer, "Already enrolled."),
            400: OpenApiResponse(description="Unknown, unpublished or locked course."),
        },
    )
    def post(self, request):
        given = EnrollmentCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        course = given.validated_data["course"]
        existed = Enrollment.objects.filter(user=request.user, course=course).exists()
        try:
            enrollment = services.enrollment_create(user=request.user, course=course)
        except DjangoValidationError as error:
            raise _service_error(error, "course") from error
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(EnrollmentSerializer(enrollment).data, status=code)


class LessonCompleteView(APIView):
    """Marks a lesson of a course the caller follows as done; returns the progress."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            200: ProgressSerializer,
            400: OpenApiResponse(description="Locked, or finished by its activity."),
            404: OpenApiResponse(description="Not a lesson of a course you follow."),
        },
    )
    def post(self, request, pk: int):
        enrollment = get_object_or_404(
            Enrollment.objects.select_related("course", "user"),
            user_id=request.user.pk,
            course__modules__lessons__pk=pk,
        )
        lesson = get_object_or_404(
            Lesson.objects.select_related("module"),
            pk=pk,
            module__course_id=enrollment.course_id,
        )
        try:
            services.lesson_complete(enrollment=enrollment, lesson=lesson)
        except DjangoValidationError as error:
            raise _service_error(error, "lesson") from error
        progress = selectors.enrollments_with_progress(user=request.user).get(
            pk=enrollment.pk
        )
        return Response(ProgressSerializer(progress).data)


class MyProgressView(generics.ListAPIView):
    """The caller's enrolments with required lessons done, in total, and percent."""

    serializer_class = ProgressSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = CappedPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrollment.objects.none()
        return selectors.enrollments_with_progress(user=self.request.user)
