"""Reads on sharing: the shared-modules catalogue, a shared course, and how
many organisations use each."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from courses.models import Course
from courses.selectors import course_catalogue


def _organisations_using() -> Coalesce:
    """How many organisations have a copy of the course (a subquery, so the
    catalogue's search and ordering stay as they are)."""
    copies = (
        Course.objects.filter(based_on=OuterRef("pk"))
        .order_by()
        .values("based_on")
        .annotate(count=Count("author_organisation", distinct=True))
        .values("count")
    )
    return Coalesce(Subquery(copies, output_field=IntegerField()), Value(0))


def shared_catalogue(**filters) -> QuerySet[Course]:
    """Published courses shared under a licence, with the learner catalogue's
    search and filters (course_catalogue's keyword arguments), each with its
    author organisation and `organisations_using` (constant queries)."""
    return (
        course_catalogue(**filters)
        .exclude(licence="")
        .select_related("author_organisation")
        .annotate(organisations_using=_organisations_using())
    )


def shared_course(pk: int) -> Course:
    """A published, shared course by id; a 404 for any other."""
    return get_object_or_404(shared_catalogue(), pk=pk)
