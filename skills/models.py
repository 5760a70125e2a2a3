"""Skills: competence frameworks (DigComp 2.2, later versions beside it), levels."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
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


def framework_name_language(language: str) -> str:
    """The language a framework's names are shown in on a page in `language`."""
    language = language.split("-")[0]
    # No Arabic DigComp exists. French is the platform's source language (every
    # untranslated string on an Arabic page already shows in French) and the
    # language of the certificates and of the employment services who read them.
    return language if language in ("en", "nl") else "fr"


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
        return getattr(self, f"name_{self.name_language}")

    @property
    def name_language(self) -> str:
        """The language `name` is in, for its `lang` and `dir` on the page."""
        return framework_name_language(get_language() or "")


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


class MemberSkill(models.Model):
    """A competence level a member reached, with its evidence: a certificate or a
    trainer's attestation. Withdrawn evidence stays, dated, and no longer counts."""

    class Source(models.TextChoices):
        CERTIFIED = "certified", _("certifié")
        ATTESTED = "attested", _("attesté par un formateur")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="skills",
    )
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("compétence"),
        on_delete=models.PROTECT,
        related_name="member_skills",
    )
    level = models.PositiveSmallIntegerField(
        _("niveau"), validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    source = models.CharField(_("preuve"), max_length=10, choices=Source.choices)
    # A string: certificates sits above skills (architecture.md).
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name=_("certificat"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="member_skills",
    )
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attesté par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attested_skills",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    awarded_on = models.DateField(_("date"), default=timezone.localdate)
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    class Meta:
        ordering = ["competence_id", "-level"]
        verbose_name = _("compétence d'un membre")
        verbose_name_plural = _("compétences des membres")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=8),
                name="skills_memberskill_level_1_to_8",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(source="certified", certificate__isnull=False)
                    | models.Q(source="attested", certificate__isnull=True)
                ),
                name="skills_memberskill_evidence_matches_source",
            ),
        ]
        indexes = [models.Index(fields=["user", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.competence_id} niveau {self.level}"


def portfolio_slug() -> str:
    """A random, unguessable address part: never the username."""
    return secrets.token_urlsafe(9).replace("_", "x").replace("-", "y").lower()


class Portfolio(models.Model):
    """What a member chooses to show of their skills, and to whom."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("privé : personne d'autre ne le voit")
        SHARED = "shared", _("partagé avec les organisations choisies")
        PUBLIC = "public", _("public : tout le monde avec le lien")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="portfolio",
    )
    slug = models.SlugField(_("adresse"), max_length=20, unique=True, editable=False)
    photo = models.CharField(_("photo"), max_length=200, blank=True)
    headline = models.CharField(_("titre"), max_length=120, blank=True)
    languages = models.CharField(_("langues parlées"), max_length=200, blank=True)
    region = models.CharField(_("région"), max_length=100, blank=True)
    about = models.TextField(_("quelques mots sur vous"), max_length=1000, blank=True)
    job_sought = models.CharField(_("emploi recherché"), max_length=200, blank=True)
    visibility = models.CharField(
        _("visibilité"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    search_engines = models.BooleanField(
        _("visible dans les moteurs de recherche"), default=False
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visibility__in=["private", "shared", "public"]),
                name="skills_portfolio_visibility_valid",
            )
        ]

    def __str__(self) -> str:
        return self.slug

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = portfolio_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("skills:portfolio-detail", args=[self.slug])


class PortfolioShare(models.Model):
    """The member's consent to show their portfolio to one organisation, dated;
    withdrawing it dates the withdrawal and takes effect at once."""

    portfolio = models.ForeignKey(
        Portfolio,
        verbose_name=_("portfolio"),
        on_delete=models.CASCADE,
        related_name="shares",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="portfolio_shares",
    )
    shared_at = models.DateTimeField(_("partagé le"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    class Meta:
        ordering = ["-shared_at"]
        verbose_name = _("partage de portfolio")
        verbose_name_plural = _("partages de portfolio")
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="skills_portfolioshare_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.portfolio_id} → {self.organisation_id}"


class PortfolioVisibilityChange(models.Model):
    """Each time the member changes who may see the portfolio (private, shared,
    public), dated: the sharing log shows it beside the organisations' consents."""

    portfolio = models.ForeignKey(
        Portfolio,
        verbose_name=_("portfolio"),
        on_delete=models.CASCADE,
        related_name="visibility_changes",
    )
    before = models.CharField(
        _("avant"), max_length=10, choices=Portfolio.Visibility.choices
    )
    after = models.CharField(
        _("après"), max_length=10, choices=Portfolio.Visibility.choices
    )
    changed_at = models.DateTimeField(_("changé le"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("changement de visibilité du portfolio")
        verbose_name_plural = _("changements de visibilité du portfolio")

    def __str__(self) -> str:
        return f"{self.portfolio_id}: {self.before} → {self.after}"
