"""API of the stories app: /stories/ (published) and /me/stories/ (the caller's)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates.models import Certificate
from skills.models import MemberSkill

from . import selectors, services
from .models import Story
from .serializers import MyStorySerializer, PublicStorySerializer, StoryQuerySerializer


class StoryListView(ListAPIView):
    """Published stories, newest first, filtered by competence, kind, language."""

    serializer_class = PublicStorySerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        query = StoryQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.stories_published(**query.validated_data)

    @extend_schema(
        summary="Published stories",
        parameters=[
            OpenApiParameter("competence", str, description="DigComp code: 2.1"),
            OpenApiParameter("kind", str, enum=Story.Kind.values),
            OpenApiParameter("language", str, description="fr, nl, en, ar, ..."),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class StoryDetailView(APIView):
    """One published story; any other is a 404."""

    permission_classes = [AllowAny]

    @extend_schema(summary="A published story", responses={200: PublicStorySerializer})
    def get(self, request, slug: str):
        story = selectors.story_visible(slug=slug, viewer=None)
        return Response(PublicStorySerializer(story, context={"request": request}).data)


def _api_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"detail": error.messages})


def _evidence(user, data: dict) -> dict:
    """Codes and ids the caller sent, as rows; another member's are refused
    exactly like unknown ones (their existence is not confirmed)."""
    found = {}
    if "certificates" in data:
        codes = data.pop("certificates")
        certificates = list(Certificate.objects.filter(code__in=codes, user=user))
        if len(certificates) != len(set(codes)):
            raise serializers.ValidationError(
                {"certificates": ["Unknown certificate code."]}
            )
        found["certificates"] = certificates
    if "skills" in data:
        ids = data.pop("skills")
        skills = list(MemberSkill.objects.filter(pk__in=ids, user=user))
        if len(skills) != len(set(ids)):
            raise serializers.ValidationError({"skills": ["Unknown skill id."]})
        found["skills"] = skills
    return found


def _refuse_unknown_fields(request) -> None:
    """A member cannot set status, author or anything not listed: 400, not ignored."""
    writable = {
        name
        for name, field in MyStorySerializer().fields.items()
        if not field.read_only
    }
    unknown = sorted(set(request.data) - writable)
    if unknown:
        raise serializers.ValidationError(
            {name: ["This field cannot be changed."] for name in unknown}
        )


class MyStoriesView(APIView):
    """The caller's own stories (never anyone else's), and writing a new one."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="My stories", responses={200: MyStorySerializer(many=True)})
    def get(self, request):
        stories = selectors.stories_of(user=request.user).prefetch_related(
            "certificates", "skills"
        )
        serializer = MyStorySerializer(stories, many=True, context={"request": request})
        return Response(serializer.data)

    @extend_schema(
        summary="Write a story (a draft)",
        request=MyStorySerializer,
        responses={201: MyStorySerializer},
    )
    def post(self, request):
        _refuse_unknown_fields(request)
        serializer = MyStorySerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        evidence = _evidence(request.user, data)
        try:
            story = services.story_create(
                actor=request.user, author=request.user, **data, **evidence
            )
        except DjangoValidationError as error:
            raise _api_error(error) from error
        body = MyStorySerializer(story, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class MyStoryView(APIView):
    """One of the caller's stories: read, change (a published one goes back to
    review), delete."""

    permission_classes = [IsAuthenticated]

    def _story(self, request, slug: str) -> Story:
        return selectors.story_of_author(user=request.user, slug=slug)

    @extend_schema(summary="One of my stories", responses={200: MyStorySerializer})
    def get(self, request, slug: str):
        story = self._story(request, slug)
        return Response(MyStorySerializer(story, context={"request": request}).data)

    @extend_schema(
        summary="Change one of my stories",
        request=MyStorySerializer,
        responses={200: MyStorySerializer},
    )
    def patch(self, request, slug: str):
        story = self._story(request, slug)
        _refuse_unknown_fields(request)
        serializer = MyStorySerializer(
            story, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        evidence = _evidence(request.user, data)
        try:
            story = services.story_update(
                story=story, actor=request.user, **data, **evidence
            )
        except DjangoValidationError as error:
            raise _api_error(error) from error
        return Response(MyStorySerializer(story, context={"request": request}).data)

    @extend_schema(summary="Delete one of my stories", responses={204: None})
    def delete(self, request, slug: str):
        services.story_delete(story=self._story(request, slug), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyStorySubmitView(APIView):
    """Sends the caller's story to staff review (approves a trainer's draft)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Submit my story for review",
        request=None,
        responses={200: MyStorySerializer},
    )
    def post(self, request, slug: str):
        story = selectors.story_of_author(user=request.user, slug=slug)
        try:
            story = services.story_submit(story=story, actor=request.user)
        except DjangoValidationError as error:
            raise _api_error(error) from error
        return Response(MyStorySerializer(story, context={"request": request}).data)


class MyStoryWithdrawView(APIView):
    """Takes the caller's story down at once (or out of review)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Withdraw my story", request=None, responses={200: MyStorySerializer}
    )
    def post(self, request, slug: str):
        story = selectors.story_of_author(user=request.user, slug=slug)
        try:
            story = services.story_unpublish(story=story, actor=request.user)
        except DjangoValidationError as error:
            raise _api_error(error) from error
        return Response(MyStorySerializer(story, context={"request": request}).data)
