"""API representations of courses, enrolments and progress (read-only output)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Course, CourseCompetence, Enrollment, Lesson, Module
from .selectors import Progress


class CourseCompetenceSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="competence.code", read_only=True)

    class Meta:
        model = CourseCompetence
        fields = ["code", "level"]
        read_only_fields = fields


class CourseSerializer(serializers.ModelSerializer):
    competences = CourseCompetenceSerializer(
        source="course_competences", many=True, read_only=True
    )

    class Meta:
        model = Course
        fields = [
            "slug",
            "title",
            "language",
            "duration_hours",
            "level_band",
            "competences",
        ]
        read_only_fields = fields


class LessonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lesson
        fields = ["id", "kind", "title", "minutes"]
        read_only_fields = fields


class ModuleSerializer(serializers.ModelSerializer):
    lessons = LessonSerializer(many=True, read_only=True)

    class Meta:
        model = Module
        fields = ["id", "title", "lessons"]
        read_only_fields = fields


class CourseDetailSerializer(CourseSerializer):
    modules = ModuleSerializer(many=True, read_only=True)

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "summary", "modules"]
        read_only_fields = fields


class EnrollmentCreateSerializer(serializers.Serializer):
    """Input of POST /enrollments/: the address (slug) of a published course."""

    # A slug first: anything else (a NUL byte included) never reaches the database.
    course = serializers.SlugField(max_length=80)

    def validate_course(self, slug: str) -> Course:
        course = Course.objects.published().filter(slug=slug).first()
        if course is None:
            message = _("Aucun module publié ne porte l'adresse « %(slug)s ».")
            raise serializers.ValidationError(message % {"slug": slug})
        return course


class EnrollmentSerializer(serializers.ModelSerializer):
    course = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Enrollment
        fields = ["id", "course", "enrolled_at", "completed_at"]
        read_only_fields = fields


class ProgressSerializer(serializers.ModelSerializer):
    """An enrolment annotated with required lessons done and in total."""

    course = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    title = serializers.CharField(source="course.title", read_only=True)
    done = serializers.IntegerField(source="required_done", read_only=True)
    total = serializers.IntegerField(source="required_total", read_only=True)
    percent = serializers.SerializerMethodField()

    class Meta:
        model = Enrollment
        fields = ["course", "title", "done", "total", "percent", "completed_at"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_percent(self, enrollment: Enrollment) -> int:
        return Progress(enrollment.required_done, enrollment.required_total).percent
