"""The effective attempt limit: a quiz's max_attempts plus what trainers granted."""

from typing import Any

from django.db.models import IntegerField, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import AttemptGrant, Quiz


def granted_extra(*, quiz_id: int, user_id: int) -> int:
    """Extra attempts granted to the learner at this quiz, all grants summed."""
    total = AttemptGrant.objects.filter(quiz_id=quiz_id, learner_id=user_id).aggregate(
        total=Sum("extra_attempts")
    )["total"]
    return total or 0


def granted_extra_subquery(*, quiz: Any, user: Any) -> Coalesce:
    """The same sum as an annotation, 0 without a grant; `quiz` and `user` are
    ids or outer references (OuterRef("user_id"))."""
    sums = (
        AttemptGrant.objects.filter(quiz_id=quiz, learner_id=user)
        .order_by()
        .values("learner_id")
        .annotate(total=Sum("extra_attempts"))
        .values("total")
    )
    return Coalesce(
        Subquery(sums, output_field=IntegerField()),
        Value(0),
        output_field=IntegerField(),
    )


def attempt_limit(quiz: Quiz, extra: int) -> int | None:
    """How many attempts the learner may make in all; None when unlimited."""
    if quiz.max_attempts is None:
        return None
    return quiz.max_attempts + extra


def attempts_left_of(quiz: Quiz, *, used: int, extra: int) -> int | None:
    """Attempts the learner may still start; None when unlimited."""
    limit = attempt_limit(quiz, extra)
    if limit is None:
        return None
    return max(0, limit - used)
