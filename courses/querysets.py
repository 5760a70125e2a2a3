"""Chainable filters on courses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DurationRange(models.TextChoices):
    """How long a course takes, as the catalogue's filter offers it."""

    UP_TO_2 = "2h", _("2 h ou moins")
    UP_TO_4 = "4h", _("4 h ou moins")
    OVER_4 = "plus-4h", _("plus de 4 h")


_DURATION_FILTERS = {
    DurationRange.UP_TO_2: models.Q(duration_hours__lte=2),
    DurationRange.UP_TO_4: models.Q(duration_hours__lte=4),
    DurationRange.OVER_4: models.Q(duration_hours__gt=4),
}


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def in_area(self, number: int):
        """Courses developing a competence of this DigComp area (each course once)."""
        tagged = self.model.objects.filter(
            course_competences__competence__area__number=number
        )
        return self.filter(pk__in=tagged.values("pk"))

    def at_level(self, band: str):
        return self.filter(level_band=band)

    def in_language(self, language: str):
        return self.filter(language=language)

    def lasting(self, duration: str):
        return self.filter(_DURATION_FILTERS[DurationRange(duration)])

    def taught_by(self, user):
        return self.filter(trainers=user)
