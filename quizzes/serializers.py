"""API representations of quiz attempts: questions by display index, never a key.

They know only the engine (questions, pages, results), so they live beside it;
the course API (courses.quiz.api) decides who may see which attempt."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quizzes.models import Question
from quizzes.selectors import QuestionPage

_INDEX = {"type": "integer", "minimum": 0}


def _shape(title: str, key: str, schema: dict) -> dict:
    return {
        "type": "object",
        "title": title,
        "properties": {key: schema},
        "required": [key],
        "additionalProperties": False,
    }


# The payload shapes quizzes.services.answer_save accepts, one per question kind.
ANSWER_SCHEMA = {
    "description": (
        "The answer, by display index (never a choice id): single and true_false "
        '{"choice": 0}; multiple {"choices": [0, 2]}; short_text {"text": "..."}; '
        'number {"number": "3,5"}; ordering {"order": [2, 0, 1]} (a permutation); '
        'matching {"matches": [1, null, 0]} (an option index per item).'
    ),
    "oneOf": [
        _shape("ChoiceAnswer", "choice", _INDEX),
        _shape("ChoicesAnswer", "choices", {"type": "array", "items": _INDEX}),
        _shape("TextAnswer", "text", {"type": "string", "maxLength": 200}),
        _shape(
            "NumberAnswer",
            "number",
            {"oneOf": [{"type": "string", "maxLength": 20}, {"type": "number"}]},
        ),
        _shape("OrderAnswer", "order", {"type": "array", "items": _INDEX}),
        _shape(
            "MatchesAnswer",
            "matches",
            {"type": "array", "items": {**_INDEX, "nullable": True}},
        ),
    ],
}


@extend_schema_field(ANSWER_SCHEMA)
class AnswerField(serializers.DictField):
    """A JSON object handed to the quiz engine, which checks its exact shape."""


class AnswerSaveSerializer(serializers.Serializer):
    """Input of PUT /quiz-attempts/{id}/answers/{position}/."""

    answer = AnswerField()


class AnswerPositionSerializer(serializers.Serializer):
    """The position in the address, bounded before it reaches the database."""

    position = serializers.IntegerField(min_value=1, max_value=32767)


class IndexedTextSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    text = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    """One question of an attempt as the learner sees it: no key, no choice id."""

    position = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Question.Kind.choices)
    text_html = serializers.CharField()
    image_url = serializers.CharField()
    image_alt = serializers.CharField()
    choices = serializers.SerializerMethodField()
    options = serializers.SerializerMethodField()
    response = serializers.SerializerMethodField()
    answered = serializers.SerializerMethodField()

    @extend_schema_field(IndexedTextSerializer(many=True))
    def get_choices(self, page: QuestionPage) -> list[dict]:
        return [{"index": i, "text": text} for i, text in page.choices]

    @extend_schema_field(IndexedTextSerializer(many=True))
    def get_options(self, page: QuestionPage) -> list[dict]:
        return [{"index": i, "text": text} for i, text in page.options]

    @extend_schema_field({**ANSWER_SCHEMA, "nullable": True})
    def get_response(self, page: QuestionPage) -> dict[str, Any] | None:
        return page.response

    @extend_schema_field(serializers.BooleanField())
    def get_answered(self, page: QuestionPage) -> bool:
        return page.position <= len(page.answered) and page.answered[page.position - 1]


class QuizAttemptSerializer(serializers.Serializer):
    """An attempt with its questions; takes {"attempt": Attempt, "questions": [...]}."""

    id = serializers.IntegerField(source="attempt.pk")
    lesson = serializers.IntegerField(source="attempt.quiz.lesson.pk")
    number = serializers.IntegerField(source="attempt.number")
    question_count = serializers.IntegerField(source="attempt.question_count")
    started_at = serializers.DateTimeField(source="attempt.started_at")
    deadline = serializers.DateTimeField(source="attempt.deadline", allow_null=True)
    submitted = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(
        source="attempt.submitted_at", allow_null=True
    )
    questions = QuestionSerializer(many=True)

    @extend_schema_field(serializers.BooleanField())
    def get_submitted(self, data: dict) -> bool:
        return data["attempt"].submitted_at is not None


class ReviewChoiceSerializer(serializers.Serializer):
    text = serializers.CharField()
    match_text = serializers.CharField()
    is_correct = serializers.BooleanField()
    chosen = serializers.BooleanField()
    feedback = serializers.CharField()


class ReviewItemSerializer(serializers.Serializer):
    """One question with the learner's answer, the right one and the feedback."""

    position = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Question.Kind.choices)
    text_html = serializers.CharField()
    image_url = serializers.CharField()
    image_alt = serializers.CharField()
    your_answer = serializers.CharField()
    right_answer = serializers.CharField()
    is_correct = serializers.BooleanField()
    feedback_html = serializers.CharField()
    choices = ReviewChoiceSerializer(many=True)


class QuizResultSerializer(serializers.Serializer):
    """A submitted attempt's score; `review` is null while the policy hides it.
    Takes {"attempt": Attempt, "attempts_left": int | None, "review": [...] | None}."""

    id = serializers.IntegerField(source="attempt.pk")
    lesson = serializers.IntegerField(source="attempt.quiz.lesson.pk")
    number = serializers.IntegerField(source="attempt.number")
    submitted_at = serializers.DateTimeField(source="attempt.submitted_at")
    correct_count = serializers.IntegerField(source="attempt.correct_count")
    question_count = serializers.IntegerField(source="attempt.question_count")
    score_percent = serializers.IntegerField(source="attempt.score_percent")
    passed = serializers.BooleanField(source="attempt.passed")
    pass_mark = serializers.IntegerField(source="attempt.quiz.pass_mark")
    attempts_left = serializers.IntegerField(
        allow_null=True,
        help_text="Attempts the learner may still start, extra attempts granted "
        "by a trainer included; null: any.",
    )
    review = ReviewItemSerializer(many=True, allow_null=True)
