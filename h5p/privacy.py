"""Personal data held by H5P: attempts, xAPI statements and saved states."""

from .models import Attempt, Content, SavedState, Statement


def member_data_export(*, user) -> dict:
    return {
        "h5p_attempts": [
            {
                "activity": attempt.content.title,
                "started_at": attempt.started_at,
                "finished_at": attempt.finished_at,
                "completed": attempt.completed,
                "success": attempt.success,
                "raw": attempt.raw,
                "max": attempt.max,
                "scaled": attempt.scaled,
            }
            for attempt in Attempt.objects.filter(user=user)
            .select_related("content")
            .order_by("started_at", "pk")
        ],
        "h5p_statements": [
            {
                "activity": statement.content.title,
                "verb": statement.verb,
                "received_at": statement.received_at,
                "statement": statement.raw,
            }
            for statement in Statement.objects.filter(user=user)
            .select_related("content")
            .order_by("received_at", "pk")
        ],
        "h5p_saved_states": [
            {
                "activity": state.content.title,
                "updated_at": state.updated_at,
                "data": state.data,
            }
            for state in SavedState.objects.filter(user=user)
            .select_related("content")
            .order_by("pk")
        ],
    }


def member_data_erase(*, user) -> None:
    """The member's own rows go; activities they uploaded stay, unsigned."""
    Attempt.objects.filter(user=user).delete()
    Statement.objects.filter(user=user).delete()
    SavedState.objects.filter(user=user).delete()
    Content.objects.filter(uploaded_by=user).update(uploaded_by=None)
