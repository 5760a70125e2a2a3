"""Courses: the catalogue's modules, their language, level, duration and trainers."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import CourseQuerySet


class Course(models.Model):
    """A short training course, written in one language and taught by trainers."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        PUBLISHED = "published", _("publié")
        ARCHIVED = "archived", _("archivé")

    class LevelBand(models.TextChoices):
        FOUNDATION = "foundation", _("Débutant")
        INTERMEDIATE = "intermediate", _("Intermédiaire")
        ADVANCED = "advanced", _("Avancé")
        HIGHLY_SPECIALISED = "highly_specialised", _("Expert")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True)
    summary = models.CharField(_("résumé"), max_length=300)
    language = models.CharField(
        _("langue"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )
    level_band = models.CharField(
        _("niveau"),
        max_length=20,
        choices=LevelBand.choices,
        default=LevelBand.FOUNDATION,
    )
    duration_hours = models.DecimalField(
        _("durée (heures)"), max_digits=4, decimal_places=1
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("formateur·rices"),
        related_name="taught_courses",
        blank=True,
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_hours__gt=0),
                name="courses_course_duration_positive",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:course-detail", args=[self.slug])
