"""Reads on H5P activities inside courses: who may play a content, and what an
H5P lesson shows its learner."""

from dataclasses import dataclass
from typing import Any

from h5p import selectors as h5p_engine
from h5p.models import Attempt, Content

from ..models import Course, Enrollment, Lesson


def h5p_content_playable(user, content: Content) -> bool:
    """Staff; the trainer who uploaded it or teaches a course that uses it; a
    learner enrolled in a course with a lesson that plays it. (The h5p app asks
    this through settings.H5P_CONTENT_ACCESS: it knows nothing of courses.)"""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff_member:
        return True
    if user.is_trainer and (
        content.uploaded_by_id == user.pk
        or Course.objects.filter(
            trainers=user, modules__lessons__h5p_content=content
        ).exists()
    ):
        return True
    return Enrollment.objects.filter(
        user=user, course__modules__lessons__h5p_content=content
    ).exists()


@dataclass(frozen=True)
class H5PLessonState:
    """The player's options and the learner's best (self-reported) result."""

    content: Content
    options: dict[str, Any]
    best: Attempt | None

    @property
    def percent(self) -> int | None:
        if self.best is None or self.best.scaled is None:
            return None
        return round(self.best.scaled * 100)


def h5p_lesson_state(*, lesson: Lesson, user) -> H5PLessonState:
    """What the H5P lesson page needs: player options with the learner's saved
    state, and their best finished attempt."""
    content = lesson.h5p_content
    return H5PLessonState(
        content=content,
        options=h5p_engine.player_options(content=content, user=user),
        best=h5p_engine.attempt_best(user=user, content=content),
    )
