"""API for taking a quiz lesson: start, read, answer, submit, result.

Questions go out by display index and never with a key; the review (right
answers, feedback) only once the attempt is submitted and its policy allows.
Status codes: 404 for anything not the caller's; 400 for refused input or a
refused start; 409 when the attempt is in the wrong state (answering a
submitted attempt, asking for the result of an open one).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.parsers import StrictJSONParser
from quizzes import selectors as quiz_engine
from quizzes import services as quiz_engine_services
from quizzes.models import Attempt
from quizzes.serializers import (
    AnswerPositionSerializer,
    AnswerSaveSerializer,
    QuestionSerializer,
    QuizAttemptSerializer,
    QuizResultSerializer,
)

from .. import selectors
from ..models import Enrollment
from . import services as quiz_services

NOT_YOURS = OpenApiResponse(description="Not an attempt (or lesson) of yours.")


class AttemptConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class QuizAPIView(APIView):
    """JSON in (strictly) and out, for the learner who owns the attempt."""

    permission_classes = [IsAuthenticated]
    parser_classes = [StrictJSONParser]


def _refused(error: DjangoValidationError, field: str) -> serializers.ValidationError:
    """The service's refusal as field errors: its own fields, or `field`."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({field: error.messages})


def _my_attempt(request, pk: int) -> Attempt:
    """The caller's attempt at a quiz lesson; anyone else's is a 404."""
    return get_object_or_404(
        Attempt.objects.select_related("quiz__lesson__module__course"),
        pk=pk,
        user_id=request.user.pk,
        quiz__lesson__isnull=False,
    )


def _attempt_data(attempt: Attempt) -> dict:
    questions = quiz_engine.attempt_question_pages(attempt=attempt)
    return QuizAttemptSerializer({"attempt": attempt, "questions": questions}).data


def _result_data(attempt: Attempt) -> dict:
    review = None
    if quiz_engine.review_allowed(attempt=attempt):
        review = quiz_engine.attempt_review(attempt=attempt)
    left = quiz_engine.attempts_left(quiz=attempt.quiz, user=attempt.user_id)
    data = {"attempt": attempt, "attempts_left": left, "review": review}
    return QuizResultSerializer(data).data


class QuizAttemptStartView(QuizAPIView):
    """Starts an attempt at a quiz lesson of a course the caller follows, or
    resumes the open one; answers with its questions (never their keys)."""

    @extend_schema(
        operation_id="quiz_attempt_start",
        request=None,
        responses={
            201: QuizAttemptSerializer,
            200: OpenApiResponse(QuizAttemptSerializer, "The open attempt, resumed."),
            400: OpenApiResponse(
                description="Locked, not a quiz, no questions or no attempt left."
            ),
            404: OpenApiResponse(description="Not a lesson of a course you follow."),
        },
    )
    def post(self, request, pk: int):
        enrollment = get_object_or_404(
            Enrollment.objects.select_related("course", "user"),
            user_id=request.user.pk,
            course__modules__lessons__pk=pk,
        )
        lesson = selectors.lesson_in_course(course=enrollment.course, lesson_id=pk)
        open_before = set(
            Attempt.objects.filter(
                quiz_id=lesson.quiz_id,
                user_id=request.user.pk,
                submitted_at__isnull=True,
            ).values_list("pk", flat=True)
        )
        try:
            attempt = quiz_services.quiz_attempt_start(
                enrollment=enrollment, lesson=lesson
            )
        except DjangoValidationError as error:
            raise _refused(error, "lesson") from error
        attempt = _my_attempt(request, attempt.pk)
        # An overdue open attempt is handed in and a new one started: 201.
        resumed = attempt.pk in open_before
        code = status.HTTP_200_OK if resumed else status.HTTP_201_CREATED
        return Response(_attempt_data(attempt), status=code)


class QuizAttemptDetailView(QuizAPIView):
    """One of the caller's attempts with its questions and saved answers."""

    @extend_schema(
        operation_id="quiz_attempt_retrieve",
        responses={200: QuizAttemptSerializer, 404: NOT_YOURS},
    )
    def get(self, request, pk: int):
        return Response(_attempt_data(_my_attempt(request, pk)))


class QuizAnswerSaveView(QuizAPIView):
    """Saves the answer to one question of an open attempt, by the server's clock;
    a refused answer leaves the attempt unchanged."""

    @extend_schema(
        operation_id="quiz_answer_save",
        request=AnswerSaveSerializer,
        responses={
            200: QuestionSerializer,
            400: OpenApiResponse(
                description="Malformed answer, position not in the attempt, "
                "or time over (field errors)."
            ),
            404: NOT_YOURS,
            409: OpenApiResponse(description="The attempt is already submitted."),
            413: OpenApiResponse(description="Request body too large."),
        },
    )
    def put(self, request, pk: int, position: int):
        attempt = _my_attempt(request, pk)
        AnswerPositionSerializer(data={"position": position}).is_valid(
            raise_exception=True
        )
        given = AnswerSaveSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            quiz_engine_services.answer_save(
                attempt=attempt,
                position=position,
                payload=given.validated_data["answer"],
            )
        except DjangoValidationError as error:
            if getattr(error, "code", None) == "submitted":
                raise AttemptConflict({"attempt": error.messages}) from error
            raise _refused(error, "attempt") from error
        page = quiz_engine.attempt_question_page(attempt=attempt, position=position)
        return Response(QuestionSerializer(page).data)


class QuizAttemptSubmitView(QuizAPIView):
    """Hands the attempt in and grades it once; passing finishes the lesson.
    A replay, or two submissions at once, answer the same result."""

    @extend_schema(
        operation_id="quiz_attempt_submit",
        request=None,
        responses={
            200: QuizResultSerializer,
            400: OpenApiResponse(description="The attempt does not match its lesson."),
            404: NOT_YOURS,
        },
    )
    def post(self, request, pk: int):
        attempt = _my_attempt(request, pk)
        lesson = attempt.quiz.lesson
        enrollment = get_object_or_404(
            Enrollment.objects.select_related("course", "user"),
            user_id=request.user.pk,
            course_id=lesson.module.course_id,
        )
        try:
            attempt = quiz_services.quiz_attempt_submit(
                enrollment=enrollment, lesson=lesson, attempt=attempt
            )
        except DjangoValidationError as error:
            raise _refused(error, "attempt") from error
        return Response(_result_data(_my_attempt(request, pk)))


class QuizAttemptResultView(QuizAPIView):
    """The score of a submitted attempt, with the review when its policy allows
    (else `review` is null)."""

    @extend_schema(
        operation_id="quiz_attempt_result",
        responses={
            200: QuizResultSerializer,
            404: NOT_YOURS,
            409: OpenApiResponse(description="The attempt is not submitted yet."),
        },
    )
    def get(self, request, pk: int):
        attempt = _my_attempt(request, pk)
        if attempt.is_open:
            raise AttemptConflict(
                {"attempt": [_("Cette tentative n'est pas encore rendue.")]}
            )
        return Response(_result_data(attempt))
