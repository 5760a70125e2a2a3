"""Skills: competence frameworks (DigComp 2.2, later versions beside it), levels."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .querysets import FrameworkPartQuerySet

# ESCO skill URIs are http://data.europa.eu/esco/skill/<uuid>.
ESCO_SKILL_URI_PATTERN = r"^http://data\.europa\.eu/esco/skill/[0-9a-f-]{36}$"


class Framework(models.Model):
    """A named, versioned competence framework, such as DigComp 2.2."""

    name = models.CharField(_("nom"), max_length=50)
    version = models.CharField(_("version"), max_length=20)

    class Meta:
        ordering = ["name", "version"]
        verbose_name = _("référentiel")
        verbose_name_plural = _("référentiels")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"], name="skills_framework_name_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class NamedInLanguages(models.Model):
    """A row whose name is stored in English, French and Dutch."""

    name_en = models.CharField(_("nom en anglais"), max_length=200)
    name_fr = models.CharField(_("nom en français"), max_length=200)
    name_nl = models.CharField(_("nom en néerlandais"), max_length=200)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        """The name in the active language; Arabic and others read French."""
        language = (get_language() or "").split("-")[0]
        if language == "en":
            return self.name_en
        if language == "nl":
            return self.name_nl
        # No Arabic DigComp exists. French is the platform's source language (every
        # untranslated string on an Arabic page already shows in French) and the
        # language of the certificates and of the employment services who read them.
        return self.name_fr


class CompetenceArea(NamedInLanguages):
    """One of a framework's competence areas, such as 4 Safety."""

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("référentiel"),
        on_delete=models.PROTECT,
        related_name="areas",
    )
    number = models.PositiveSmallIntegerField(
        _("numéro"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    objects = FrameworkPartQuerySet.as_manager()

    class Meta:
        ordering = ["framework_id", "number"]
        verbose_name = _("domaine de compétences")
        verbose_name_plural = _("domaines de compétences")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"],
                name="skills_competencearea_framework_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=5),
                name="skills_competencearea_number_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Competence(NamedInLanguages):
    """A competence of a framework, such as DigComp 2.2 1.1, with its ESCO skill."""

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("référentiel"),
        on_delete=models.PROTECT,
        related_name="competences",
    )
    area = models.ForeignKey(
        CompetenceArea,
        verbose_name=_("domaine"),
        on_delete=models.PROTECT,
        related_name="competences",
    )
    code = models.CharField(
        _("code"),
        max_length=5,
        validators=[RegexValidator(r"^[1-9]\.[1-9]$")],
        help_text=_("Numéro du domaine, un point, rang dans le domaine : 2.5."),
    )
    position = models.PositiveSmallIntegerField(
        _("rang dans le domaine"), validators=[MinValueValidator(1)]
    )
    esco_uri = models.URLField(
        _("adresse ESCO"),
        blank=True,
        validators=[RegexValidator(ESCO_SKILL_URI_PATTERN)],
        help_text=_("Vide quand ESCO ne reprend pas la compétence (2.5 Nétiquette)."),
    )

    objects = FrameworkPartQuerySet.as_manager()

    class Meta:
        ordering = ["framework_id", "area__number", "position"]
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="skills_competence_framework_code_unique",
            ),
            models.UniqueConstraint(
                fields=["area", "position"],
                name="skills_competence_area_position_unique",
            ),
            models.UniqueConstraint(
                fields=["framework", "esco_uri"],
                condition=~models.Q(esco_uri=""),
                name="skills_competence_framework_esco_uri_unique_when_set",
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1),
                name="skills_competence_position_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        # A database constraint cannot compare across the foreign key, so the
        # area's framework and number are checked here.
        if self.area_id is None or self.framework_id is None:
            return
        if self.area.framework_id != self.framework_id:
            raise ValidationError(
                {"area": _("Ce domaine appartient à un autre référentiel.")}
            )
        expected = f"{self.area.number}.{self.position}"
        if self.code != expected:
            message = _("Le code doit être « domaine.rang », ici %(code)s.")
            raise ValidationError({"code": message % {"code": expected}})


class ProficiencyBand(models.TextChoices):
    """DigComp's four bands of two levels each."""

    FOUNDATION = "foundation", _("Fondamental")
    INTERMEDIATE = "intermediate", _("Intermédiaire")
    ADVANCED = "advanced", _("Avancé")
    HIGHLY_SPECIALISED = "highly_specialised", _("Hautement spécialisé")


class ProficiencyLevel(NamedInLanguages):
    """A proficiency level (1 to 8 in DigComp 2.2) and the band it belongs to."""

    Band = ProficiencyBand

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("référentiel"),
        on_delete=models.PROTECT,
        related_name="levels",
    )
    level = models.PositiveSmallIntegerField(
        _("niveau"), validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    band = models.CharField(_("palier"), max_length=20, choices=Band.choices)

    objects = FrameworkPartQuerySet.as_manager()

    class Meta:
        ordering = ["framework_id", "level"]
        verbose_name = _("niveau de maîtrise")
        verbose_name_plural = _("niveaux de maîtrise")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "level"],
                name="skills_proficiencylevel_framework_level_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=8),
                name="skills_proficiencylevel_level_1_to_8",
            ),
            models.CheckConstraint(
                condition=models.Q(band__in=ProficiencyBand.values),
                name="skills_proficiencylevel_band_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} ({self.name})"
