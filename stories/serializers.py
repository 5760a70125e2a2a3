"""Serializers of the stories API: published stories, and the member's own."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from certificates.codes import code_parse

from .models import (
    BODY_MAX_LENGTH,
    LANGUAGE_CHOICES,
    TITLE_MAX_LENGTH,
    TRANSCRIPT_MAX_LENGTH,
    Story,
)


class EvidenceCertificateSerializer(serializers.Serializer):
    """A certificate behind the story, still valid, with its verification page."""

    code = serializers.CharField(source="display_code")
    course = serializers.CharField(source="course_title")
    issued_on = serializers.DateField()
    verification_url = serializers.SerializerMethodField()

    def get_verification_url(self, certificate) -> str:
        return self.context["request"].build_absolute_uri(
            certificate.get_absolute_url()
        )


class EvidenceSkillSerializer(serializers.Serializer):
    competence = serializers.CharField(source="competence.code", help_text="2.1")
    name = serializers.CharField(source="competence.name")
    level = serializers.IntegerField()
    source = serializers.CharField(help_text="certified or attested")


class PublicStorySerializer(serializers.Serializer):
    """A published story as its page shows it (the author's first name only)."""

    slug = serializers.CharField()
    url = serializers.SerializerMethodField()
    title = serializers.CharField()
    body_html = serializers.CharField(help_text="Sanitised HTML of the Markdown.")
    kind = serializers.ChoiceField(choices=Story.Kind.choices)
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    author = serializers.CharField(source="author.first_name")
    published_at = serializers.DateTimeField()
    photo_url = serializers.SerializerMethodField()
    photo_alt = serializers.CharField()
    audio_url = serializers.SerializerMethodField()
    audio_transcript = serializers.CharField()
    certificates = EvidenceCertificateSerializer(source="evidence", many=True)
    skills = EvidenceSkillSerializer(source="skill_evidence", many=True)

    def get_url(self, story: Story) -> str:
        return self.context["request"].build_absolute_uri(story.get_absolute_url())

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_photo_url(self, story: Story) -> str | None:
        if not story.photo:
            return None
        return self.context["request"].build_absolute_uri(story.photo_url)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_audio_url(self, story: Story) -> str | None:
        if not story.audio:
            return None
        return self.context["request"].build_absolute_uri(story.audio_url)


class StoryQuerySerializer(serializers.Serializer):
    competence = serializers.RegexField(r"^[1-9]\.[1-9]$", required=False)
    kind = serializers.ChoiceField(choices=Story.Kind.choices, required=False)
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, required=False)


class _EvidenceList(serializers.ListField):
    """Evidence written as codes or ids and read back the same way, so the
    schema says it is both read and written (it is not write-only)."""

    def __init__(self, *, read, **kwargs):
        self._read = read
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return self._read(instance)


class MyStorySerializer(serializers.Serializer):
    """The caller's story: its texts and evidence are writable, its state never
    (it changes through submit and withdraw, and staff review)."""

    slug = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Story.Status.choices, read_only=True)
    review_comment = serializers.CharField(read_only=True)
    title = serializers.CharField(max_length=TITLE_MAX_LENGTH)
    body = serializers.CharField(max_length=BODY_MAX_LENGTH)
    body_html = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=Story.Kind.choices)
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, default="fr")
    audio_transcript = serializers.CharField(
        max_length=TRANSCRIPT_MAX_LENGTH, required=False, allow_blank=True
    )
    certificates = _EvidenceList(
        read=lambda story: [c.display_code for c in story.certificates.all()],
        child=serializers.CharField(max_length=20),
        required=False,
        max_length=50,
        help_text="Codes of the caller's valid certificates: ABCD-EFGH-JKMN-P.",
    )
    skills = _EvidenceList(
        read=lambda story: [skill.pk for skill in story.skills.all()],
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=50,
        help_text="Ids of the caller's skills, as GET /api/v1/me/stories/ shows.",
    )

    def get_url(self, story: Story) -> str:
        return self.context["request"].build_absolute_uri(story.get_absolute_url())

    def validate_certificates(self, codes: list[str]) -> list[str]:
        canonical = []
        for code in codes:
            parsed = code_parse(code)
            if parsed.canonical is None:
                raise serializers.ValidationError(f"Not a certificate code: {code}")
            canonical.append(parsed.canonical)
        return canonical
