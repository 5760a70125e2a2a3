"""Stories: a member's success story, its evidence and its review (stories ->
certificates, skills, members; only lms imports stories)."""

import secrets

from django.conf import settings
from django.conf.global_settings import LANGUAGES as DJANGO_LANGUAGES
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 120
BODY_MAX_LENGTH = 5000
TRANSCRIPT_MAX_LENGTH = 5000
# The platform's four languages first, then those most spoken by learners in
# Wallonia and Brussels; the names come translated from Django's own catalogue.
STORY_LANGUAGES = ["fr", "nl", "en", "ar", "de", "es", "it", "pt", "ro", "tr", "uk"]
_NAMES = dict(DJANGO_LANGUAGES)
LANGUAGE_CHOICES = [(code, _(_NAMES[code])) for code in STORY_LANGUAGES]  # noqa: INT001


def story_slug() -> str:
    """A random, unguessable address part: never the title or the author's name."""
    return secrets.token_urlsafe(9).replace("_", "x").replace("-", "y").lower()


class Story(models.Model):
    """A member's short story of a concrete success, shown once staff approved it."""

    class Kind(models.TextChoices):
        JOB = "job", _("Emploi trouvé")
        BUSINESS = "business", _("Entreprise créée")
        TWO_COUNTRIES = "two_countries", _("Projet entre deux pays")
        ONLINE_ALONE = "online_alone", _("Démarche en ligne faite seul·e")
        TRAINING = "training", _("Formation reprise")
        OTHER = "other", _("Autre réussite")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        AWAITING_MEMBER = "awaiting_member", _("À relire par le membre")
        IN_REVIEW = "in_review", _("En relecture par l'équipe")
        CHANGES_REQUESTED = "changes_requested", _("Changements demandés")
        PUBLISHED = "published", _("Publiée")
        REFUSED = "refused", _("Refusée")
        UNPUBLISHED = "unpublished", _("Retirée")

    slug = models.SlugField(_("adresse"), max_length=20, unique=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="stories",
    )
    # The trainer who drafted it with and for the member, if any.
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rédigée avec"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drafted_stories",
    )
    title = models.CharField(_("titre"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("texte"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False, blank=True)
    renderer_version = models.PositiveSmallIntegerField(editable=False, default=0)
    photo = models.FileField(_("photo"), upload_to="stories/photos/", blank=True)
    photo_alt = models.CharField(
        _("description de la photo"), max_length=200, blank=True
    )
    audio = models.FileField(
        _("enregistrement audio"), upload_to="stories/audio/", blank=True
    )
    audio_transcript = models.TextField(
        _("transcription de l'audio"), max_length=TRANSCRIPT_MAX_LENGTH, blank=True
    )
    language = models.CharField(
        _("langue du récit"), max_length=5, choices=LANGUAGE_CHOICES, default="fr"
    )
    kind = models.CharField(_("type de réussite"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(_("commentaire de l'équipe"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relue par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Evidence from the author's own portfolio (checked by the services).
    certificates = models.ManyToManyField(
        "certificates.Certificate",
        verbose_name=_("certificats"),
        blank=True,
        related_name="stories",
    )
    skills = models.ManyToManyField(
        "skills.MemberSkill",
        verbose_name=_("compétences"),
        blank=True,
        related_name="stories",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    member_approved_at = models.DateTimeField(
        _("approuvée par le membre le"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("relue le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("réussite")
        verbose_name_plural = _("réussites")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(photo="") | ~models.Q(photo_alt=""),
                name="stories_story_photo_has_alt",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "draft",
                        "awaiting_member",
                        "in_review",
                        "changes_requested",
                        "published",
                        "refused",
                        "unpublished",
                    ]
                ),
                name="stories_story_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published")
                | models.Q(published_at__isnull=False),
                name="stories_story_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["author", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = story_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("stories:story-detail", args=[self.slug])

    @property
    def photo_url(self) -> str:
        """Through a view that checks who asks: withdrawing a story hides its photo."""
        if not self.photo:
            return ""
        return reverse("stories:story-photo", args=[self.slug])

    @property
    def audio_url(self) -> str:
        if not self.audio:
            return ""
        return reverse("stories:story-audio", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
