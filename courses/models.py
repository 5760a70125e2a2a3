"""Courses: Course > Module > Lesson, and each learner's enrolment and progress."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.search import search_fold
from members.models import Organisation
from skills.models import Competence, ProficiencyBand

from .querysets import CourseQuerySet


class Licence(models.TextChoices):
    """The open licences a course may be shared under (their names are not
    translated: they are how the licences are known everywhere)."""

    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_NC_SA = "CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0"


LICENCE_URLS = {
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
}


class Course(models.Model):
    """A short training course, written in one language and taught by trainers."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        PUBLISHED = "published", _("publié")
        ARCHIVED = "archived", _("archivé")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True)
    summary = models.CharField(_("résumé"), max_length=300)
    description_markdown = models.TextField(_("description"), blank=True)
    description_html = models.TextField(editable=False, blank=True)
    # Title, summary and description without accents or case (core/search.py),
    # filled on save: "demarches" finds "Démarches" on SQLite and PostgreSQL.
    search_text = models.TextField(editable=False, blank=True, default="")
    renderer_version = models.PositiveSmallIntegerField(editable=False, default=0)
    language = models.CharField(
        _("langue"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )
    cover_image = models.ImageField(
        _("image de couverture"), upload_to="courses/covers/", blank=True
    )
    cover_alt = models.CharField(
        _("texte alternatif de l'image"), max_length=200, blank=True
    )
    level_band = models.CharField(
        _("niveau"),
        max_length=20,
        choices=ProficiencyBand.choices,
        default=ProficiencyBand.FOUNDATION,
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
    prerequisites = models.ManyToManyField(
        "self",
        verbose_name=_("modules à suivre avant"),
        symmetrical=False,
        related_name="unlocks",
        blank=True,
    )
    other_language_versions = models.ManyToManyField(
        "self", verbose_name=_("le même module dans d'autres langues"), blank=True
    )
    competences = models.ManyToManyField(
        Competence,
        through="CourseCompetence",
        verbose_name=_("compétences développées"),
        related_name="courses",
        blank=True,
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("validité du certificat (mois)"),
        null=True,
        blank=True,
        help_text=_("Vide : le certificat n'expire pas."),
    )
    # Created with the course's first quiz; its questions are the course's bank.
    question_bank = models.OneToOneField(
        "quizzes.QuestionBank",
        verbose_name=_("banque de questions"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="course",
    )
    # Sharing: empty licence = not shared. The organisation credited is the one
    # the course belongs to (for a copy, the organisation that copied it).
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, blank=True
    )
    shared_at = models.DateTimeField(_("partagé le"), null=True, blank=True)
    author_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation autrice"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_courses",
    )
    # A copy of a shared course: the attribution is frozen at copy time, so it
    # stays right when the original changes, is un-shared or is deleted.
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("copié de"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    attribution_title = models.CharField(
        _("titre de l'original"), max_length=200, blank=True
    )
    attribution_organisation = models.CharField(
        _("organisation de l'original"), max_length=200, blank=True
    )
    attribution_licence = models.CharField(
        _("licence de l'original"), max_length=20, choices=Licence.choices, blank=True
    )
    attribution_url = models.URLField(
        _("adresse de l'original"), max_length=300, blank=True
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
            ),
            models.CheckConstraint(
                condition=models.Q(cover_image="") | ~models.Q(cover_alt=""),
                name="courses_course_cover_has_alt",
            ),
            # Shared iff it has a licence, and then since when.
            models.CheckConstraint(
                condition=models.Q(licence="", shared_at__isnull=True)
                | (~models.Q(licence="") & models.Q(shared_at__isnull=False)),
                name="courses_course_shared_has_licence_and_date",
            ),
            # An attribution always names the licence it was copied under.
            models.CheckConstraint(
                condition=models.Q(attribution_title="")
                | ~models.Q(attribution_licence=""),
                name="courses_course_attribution_has_licence",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = search_fold(
            f"{self.title} {self.summary} {self.description_markdown}"
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("courses:course-detail", args=[self.slug])

    @property
    def is_shared(self) -> bool:
        return bool(self.licence)

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def has_attribution(self) -> bool:
        return bool(self.attribution_title)

    @property
    def attribution_licence_url(self) -> str:
        return LICENCE_URLS.get(self.attribution_licence, "")


class CourseCompetence(models.Model):
    """A DigComp competence a course develops, and the level a learner reaches."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="course_competences"
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("niveau atteint"), validators=[MinValueValidator(1), MaxValueValidator(8)]
    )

    class Meta:
        ordering = ["competence__area__number", "competence__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "competence"], name="courses_competence_once"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=8),
                name="courses_competence_level_1_to_8",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence.code} ({self.level})"


class Module(models.Model):
    """An ordered part of a course; may ask learners to follow its lessons in order."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("titre"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)
    unlock_in_order = models.BooleanField(_("leçons dans l'ordre"), default=False)

    class Meta:
        ordering = ["course", "position", "id"]
        verbose_name = _("partie")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    """A step of a module: a text, a quiz, or an H5P activity."""

    class Kind(models.TextChoices):
        TEXT = "text", _("texte")
        QUIZ = "quiz", _("quiz")
        H5P = "h5p", _("activité H5P")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(
        _("type"), max_length=10, choices=Kind.choices, default=Kind.TEXT
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    body_markdown = models.TextField(_("texte de la leçon"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    renderer_version = models.PositiveSmallIntegerField(editable=False, default=0)
    minutes = models.PositiveSmallIntegerField(
        _("durée estimée (minutes)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    audio = models.FileField(
        _("enregistrement audio"), upload_to="lessons/audio/", blank=True
    )
    audio_transcript = models.TextField(_("transcription de l'audio"), blank=True)
    video = models.FileField(_("vidéo"), upload_to="lessons/video/", blank=True)
    video_transcript = models.TextField(_("transcription de la vidéo"), blank=True)
    required = models.BooleanField(_("obligatoire"), default=True)
    quiz = models.OneToOneField(
        "quizzes.Quiz",
        verbose_name=_("quiz"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lesson",
    )
    h5p_content = models.OneToOneField(
        "h5p.Content",
        verbose_name=_("activité H5P"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lesson",
    )

    class Meta:
        ordering = ["module", "position", "id"]
        verbose_name = _("leçon")
        verbose_name_plural = _("leçons")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audio="") | ~models.Q(audio_transcript=""),
                name="courses_lesson_audio_has_transcript",
            ),
            models.CheckConstraint(
                condition=models.Q(video="") | ~models.Q(video_transcript=""),
                name="courses_lesson_video_has_transcript",
            ),
            # A quiz lesson has its quiz, and only quiz lessons have one.
            models.CheckConstraint(
                condition=models.Q(kind="quiz", quiz__isnull=False)
                | (~models.Q(kind="quiz") & models.Q(quiz__isnull=True)),
                name="courses_lesson_quiz_iff_kind_quiz",
            ),
            # An H5P lesson has its activity, and only H5P lessons have one.
            models.CheckConstraint(
                condition=models.Q(kind="h5p", h5p_content__isnull=False)
                | (~models.Q(kind="h5p") & models.Q(h5p_content__isnull=True)),
                name="courses_lesson_h5p_iff_kind_h5p",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:lesson-detail", args=[self.module.course.slug, self.pk])


class Enrollment(models.Model):
    """A learner following a course; completion is recorded once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="enrollments"
    )
    enrolled_at = models.DateTimeField(_("inscrit le"), default=timezone.now)
    last_activity_at = models.DateTimeField(
        _("dernière activité"), default=timezone.now
    )
    completed_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="courses_enrollment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"


class LessonProgress(models.Model):
    """One row per finished lesson: percentages are counted, never incremented."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(_("terminée le"), default=timezone.now)

    class Meta:
        verbose_name = _("leçon terminée")
        verbose_name_plural = _("leçons terminées")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson"], name="courses_progress_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.lesson}"
