"""Reads on courses: the catalogue, a course page and a trainer's courses."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from members.models import User

from .models import Course


def _with_trainers(courses: QuerySet[Course]) -> QuerySet[Course]:
    trainers = User.objects.only("id", "first_name", "last_name", "username")
    return courses.prefetch_related(Prefetch("trainers", queryset=trainers))


def course_catalogue() -> QuerySet[Course]:
    """Published courses, with their trainers, in title order."""
    return _with_trainers(Course.objects.published()).order_by("title")


def course_for_visitor(slug: str) -> Course:
    """A published course; drafts and archives are a 404 here."""
    return get_object_or_404(course_catalogue(), slug=slug)


def courses_taught_by(trainer: User) -> QuerySet[Course]:
    return Course.objects.taught_by(trainer).order_by("status", "title")
