"""Reads on the skills framework: its areas with their competences, its levels."""

from django.db.models import Prefetch, QuerySet

from .models import Competence, CompetenceArea, Framework, ProficiencyLevel


def competences_by_area(
    *, framework: Framework | None = None
) -> QuerySet[CompetenceArea]:
    """A framework's areas in order, each with its competences in order (2 queries).

    Without a framework, DigComp 2.2, the one courses are tagged with.
    """
    competences = Competence.objects.order_by("position")
    return (
        CompetenceArea.objects.in_framework(framework)
        .order_by("number")
        .prefetch_related(Prefetch("competences", queryset=competences))
    )


def proficiency_levels(
    *, framework: Framework | None = None
) -> QuerySet[ProficiencyLevel]:
    """A framework's proficiency levels, lowest first (DigComp 2.2 by default)."""
    return ProficiencyLevel.objects.in_framework(framework).order_by("level")
