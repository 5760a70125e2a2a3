"""H5P: installed libraries, uploaded contents, learners' attempts, statements and
saved state (no course knowledge)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LIBRARIES_FOLDER = "h5p/libraries"
CONTENT_FOLDER = "h5p/content"
PACKAGES_FOLDER = "h5p/packages"


class Library(models.Model):
    """One `machineName-major.minor`, stored once and shared by every content;
    a higher patch replaces a lower one (administrators only)."""

    machine_name = models.CharField(_("nom machine"), max_length=255)
    major = models.PositiveIntegerField(_("version majeure"))
    minor = models.PositiveIntegerField(_("version mineure"))
    patch = models.PositiveIntegerField(_("correctif"))
    title = models.CharField(_("titre"), max_length=255)
    runnable = models.BooleanField(_("exécutable"), default=False)
    metadata = models.JSONField(_("library.json"), default=dict)
    # semantics.json, kept to sanitise the content.json of later packages.
    semantics = models.JSONField(_("semantics.json"), null=True, blank=True)
    installed_at = models.DateTimeField(_("installée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)

    class Meta:
        ordering = ["machine_name", "major", "minor"]
        verbose_name = _("bibliothèque H5P")
        verbose_name_plural = _("bibliothèques H5P")
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major", "minor"], name="h5p_library_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major}.{self.minor}.{self.patch}"

    @property
    def folder_name(self) -> str:
        return f"{self.machine_name}-{self.major}.{self.minor}"

    @property
    def folder(self) -> str:
        """Where its files live in the default storage (no trailing slash)."""
        return f"{LIBRARIES_FOLDER}/{self.folder_name}"


class Content(models.Model):
    """An uploaded H5P activity: its sanitised parameters and its media."""

    title = models.CharField(_("titre"), max_length=255)
    main_library = models.ForeignKey(
        Library,
        verbose_name=_("bibliothèque principale"),
        on_delete=models.PROTECT,
        related_name="main_of",
    )
    # The whole dependency closure, main library included.
    libraries = models.ManyToManyField(
        Library, verbose_name=_("bibliothèques"), related_name="contents"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="h5p_contents",
    )
    package = models.FileField(_("paquet d'origine"), blank=True, max_length=200)
    h5p_json = models.JSONField(_("h5p.json"), default=dict)
    content_json = models.JSONField(_("content.json (nettoyé)"), default=dict)
    created_at = models.DateTimeField(_("déposé le"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("activité H5P")
        verbose_name_plural = _("activités H5P")

    def __str__(self) -> str:
        return self.title

    @property
    def folder(self) -> str:
        """Where its h5p.json and content/ live in the default storage."""
        return f"{CONTENT_FOLDER}/{self.pk}"

    @property
    def embed_types(self) -> list[str]:
        return list(self.h5p_json.get("embedTypes") or ["div"])


class Attempt(models.Model):
    """A learner's try at an activity, scored by the browser (self-reported)."""

    content = models.ForeignKey(
        Content, on_delete=models.CASCADE, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="h5p_attempts",
    )
    completed = models.BooleanField(_("terminée"), default=False)
    success = models.BooleanField(_("réussie"), null=True, blank=True)
    raw = models.DecimalField(
        _("points"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    max = models.DecimalField(
        _("points maximum"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    scaled = models.DecimalField(
        _("score (0 à 1)"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    started_at = models.DateTimeField(_("commencée le"), default=timezone.now)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)

    class Meta:
        ordering = ["content", "user", "started_at", "id"]
        verbose_name = _("tentative H5P")
        verbose_name_plural = _("tentatives H5P")
        constraints = [
            # raw and max come together; IS NOT NULL spelled out so NULL fails.
            models.CheckConstraint(
                condition=Q(raw__isnull=True, max__isnull=True)
                | Q(
                    raw__isnull=False,
                    max__isnull=False,
                    max__gt=0,
                    raw__gte=0,
                    raw__lte=F("max"),
                ),
                name="h5p_attempt_score_in_range",
            ),
            models.CheckConstraint(
                condition=Q(scaled__isnull=True)
                | Q(scaled__isnull=False, scaled__gte=0, scaled__lte=1),
                name="h5p_attempt_scaled_in_range",
            ),
            models.CheckConstraint(
                condition=Q(completed=False)
                | Q(finished_at__isnull=False, finished_at__gte=F("started_at")),
                name="h5p_attempt_completed_has_finish",
            ),
            models.UniqueConstraint(
                fields=["content", "user"],
                condition=Q(completed=False),
                name="h5p_attempt_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content} – {self.user}"


class Statement(models.Model):
    """One xAPI statement as received (actor replaced by the logged-in user)."""

    content = models.ForeignKey(
        Content, on_delete=models.CASCADE, related_name="statements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="h5p_statements",
    )
    statement_id = models.UUIDField(_("identifiant xAPI"), unique=True)
    verb = models.CharField(_("verbe"), max_length=20)
    raw = models.JSONField(_("déclaration"))
    received_at = models.DateTimeField(_("reçue le"), default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("déclaration xAPI")
        verbose_name_plural = _("déclarations xAPI")

    def __str__(self) -> str:
        return f"{self.verb} {self.content}"


class SavedState(models.Model):
    """Where the learner left the activity, restored when they come back."""

    content = models.ForeignKey(
        Content, on_delete=models.CASCADE, related_name="saved_states"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="h5p_saved_states",
    )
    data = models.TextField(_("état"))
    updated_at = models.DateTimeField(_("enregistré le"), auto_now=True)

    class Meta:
        verbose_name = _("état enregistré")
        verbose_name_plural = _("états enregistrés")
        constraints = [
            models.UniqueConstraint(
                fields=["content", "user"], name="h5p_savedstate_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content} – {self.user}"
