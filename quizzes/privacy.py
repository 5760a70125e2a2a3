"""Personal data held by quizzes: attempts and the answers given."""

from .models import Attempt


def member_data_export(*, user) -> dict:
    attempts = (
        Attempt.objects.filter(user=user)
        .select_related("quiz")
        .prefetch_related("attempt_questions")
        .order_by("started_at", "pk")
    )
    return {
        "quiz_attempts": [
            {
                "quiz": str(attempt.quiz),
                "number": attempt.number,
                "started_at": attempt.started_at,
                "submitted_at": attempt.submitted_at,
                "score_percent": attempt.score_percent,
                "passed": attempt.passed,
                "answers": [
                    {
                        "position": question.position,
                        "answer": question.answer_summary,
                        "response": question.response,
                        "is_correct": question.is_correct,
                        "answered_at": question.answered_at,
                    }
                    for question in attempt.attempt_questions.all()
                ],
            }
            for attempt in attempts
        ]
    }


def member_data_erase(*, user) -> None:
    """Attempts go, and their answers with them."""
    Attempt.objects.filter(user=user).delete()
