"""Reads for trainers' authoring: their courses, modules and lessons (others': 404)."""

from django.db.models import (
    Prefetch,
    QuerySet,
)
from django.shortcuts import get_object_or_404

from members.models import User

from ..models import (
    Course,
    Lesson,
    Module,
)


def courses_for_teacher(user: User) -> QuerySet[Course]:
    """The courses this member may edit: the ones they teach; staff, all."""
    if user.is_staff_member:
        return Course.objects.all()
    return Course.objects.taught_by(user)


def course_for_teacher(user: User, pk_or_slug: int | str) -> Course:
    """A course the member may edit, by id or slug; 404 for anyone else's."""
    lookup = {"pk": pk_or_slug} if str(pk_or_slug).isdigit() else {"slug": pk_or_slug}
    return get_object_or_404(courses_for_teacher(user), **lookup)


def course_preview_for_teacher(user: User, pk: int) -> Course:
    """A course the member may edit, with its competences, for the learner preview."""
    courses = courses_for_teacher(user).prefetch_related(
        "course_competences__competence__area"
    )
    return get_object_or_404(courses, pk=pk)


def module_for_teacher(user: User, pk: int) -> Module:
    """A module of a course the member may edit; 404 otherwise."""
    return get_object_or_404(
        Module.objects.select_related("course"),
        pk=pk,
        course__in=courses_for_teacher(user),
    )


def lesson_for_teacher(user: User, pk: int) -> Lesson:
    """A lesson of a course the member may edit; 404 otherwise."""
    return get_object_or_404(
        Lesson.objects.select_related("module__course"),
        pk=pk,
        module__course__in=courses_for_teacher(user),
    )


def course_outline(course: Course) -> list[Module]:
    """The course's modules in order, each with its lessons in order (2 queries)."""
    lessons = Lesson.objects.order_by("position", "id").defer(
        "body_markdown", "body_html"
    )
    return list(
        course.modules.order_by("position", "id").prefetch_related(
            Prefetch("lessons", queryset=lessons)
        )
    )


# --- Trainer dashboard: each enrolled learner's progress in one course ---

# A learner who has not finished and shows no activity for this many days is stuck.

# Progress bands of the dashboard's chart: (lowest, highest) percentage, inclusive.
