"""Personal data held by quizzes: attempts, the answers given, extra attempts."""

from .models import Attempt, AttemptGrant


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
        ],
        "quiz_attempt_grants": [
            {
                "quiz": str(grant.quiz),
                "extra_attempts": grant.extra_attempts,
                "granted_at": grant.granted_at,
                "granted_by": str(grant.granted_by) if grant.granted_by else None,
            }
            for grant in AttemptGrant.objects.filter(learner=user)
            .select_related("quiz", "granted_by")
            .order_by("granted_at", "pk")
        ],
        "quiz_attempt_grants_given": [
            {
                "quiz": str(grant.quiz),
                "extra_attempts": grant.extra_attempts,
                "granted_at": grant.granted_at,
            }
            for grant in AttemptGrant.objects.filter(granted_by=user)
            .select_related("quiz")
            .order_by("granted_at", "pk")
        ],
    }


def member_data_erase(*, user) -> None:
    """Attempts go, and their answers with them; so do the extra attempts the
    member received. Grants the member gave stay (the learners' limits count
    them) without the giver's name."""
    Attempt.objects.filter(user=user).delete()
    AttemptGrant.objects.filter(learner=user).delete()
    AttemptGrant.objects.filter(granted_by=user).update(granted_by=None)
