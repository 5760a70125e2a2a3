"""Certificates: a frozen snapshot of what was certified, found by its public code."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skills.models import framework_name_language

from .codes import code_display


class Certificate(models.Model):
    """What a partner verifies; the snapshot never changes after issuance."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("en préparation")
        ISSUED = "issued", _("valide")
        REVOKED = "revoked", _("révoqué")
        SUPERSEDED = "superseded", _("remplacé")

    # What verification answers: "expired" is an issued certificate past its date.
    class PublicStatus(models.TextChoices):
        PREPARING = "preparing", _("en préparation")
        VALID = "valid", _("valide")
        EXPIRED = "expired", _("expiré")
        REVOKED = "revoked", _("révoqué")
        SUPERSEDED = "superseded", _("remplacé")

    ACTIVE = (Status.PREPARING, Status.ISSUED)

    code = models.CharField(_("code"), max_length=13, unique=True, editable=False)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.PREPARING
    )
    # Links to the living data; the snapshot below is what verification shows.
    # The holder becomes NULL when they erase their account: the snapshot stays.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("titulaire"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("module"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    holder_name = models.CharField(_("nom du titulaire"), max_length=300)
    course_title = models.CharField(_("module"), max_length=200)
    course_language = models.CharField(_("langue du module"), max_length=5)
    hours = models.DecimalField(_("heures"), max_digits=4, decimal_places=1)
    competences = models.JSONField(_("compétences"), default=list, blank=True)
    assessment = models.CharField(_("évaluation"), max_length=300, blank=True)
    issuer_name = models.CharField(_("émetteur"), max_length=200)
    issuer_company_number = models.CharField(_("numéro d'entreprise"), max_length=12)
    issued_on = models.DateField(_("date"))
    expires_on = models.DateField(_("expire le"), null=True, blank=True)
    revoked_on = models.DateField(_("révoqué le"), null=True, blank=True)
    revoked_reason = models.TextField(
        _("raison de la révocation (interne)"), blank=True
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("remplacé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    public_verification = models.BooleanField(
        _("vérification publique"),
        default=True,
        help_text=_("Le titulaire peut la couper ; ce n'est pas une révocation."),
    )
    pdf = models.FileField(_("PDF"), upload_to="certificates/", blank=True)
    pdf_sha256 = models.CharField(
        _("empreinte SHA-256 du PDF"), max_length=64, blank=True
    )
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    pdf_stored_at = models.DateTimeField(_("PDF prêt le"), null=True, blank=True)
    ready_email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # How often the sweep re-queued the render: bounded, so a certificate that can
    # never render is reported once instead of retried forever.
    sweeps = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("certificat")
        verbose_name_plural = _("certificats")
        constraints = [
            # One active certificate per learner and course, whatever the races.
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=models.Q(status__in=["preparing", "issued"]),
                name="certificates_one_active_per_course",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "created_at"], name="certificates_preparing_idx"
            )
        ]

    def __str__(self) -> str:
        return code_display(self.code)

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify-code", args=[code_display(self.code)])

    @property
    def display_code(self) -> str:
        return code_display(self.code)

    @property
    def competences_language(self) -> str:
        """The language the frozen competence names are in (no Arabic DigComp)."""
        return framework_name_language(self.course_language)

    @property
    def public_status(self) -> str:
        """valid, expired, revoked, superseded or preparing, as partners read it."""
        if self.status == self.Status.ISSUED:
            if self.expires_on and self.expires_on < timezone.localdate():
                return self.PublicStatus.EXPIRED
            return self.PublicStatus.VALID
        return self.status

    def get_public_status_display(self) -> str:
        return self.PublicStatus(self.public_status).label


class VerificationLog(models.Model):
    """One look-up of a certificate by a partner account, for the holder to see."""

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificat"),
        on_delete=models.CASCADE,
        related_name="verification_logs",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The partner's account may go; the holder still sees which organisation checked.
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vérifié par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("vérifié le"), default=timezone.now)

    class Meta:
        verbose_name = _("vérification par un partenaire")
        verbose_name_plural = _("vérifications par des partenaires")
        indexes = [
            models.Index(
                fields=["certificate", "-checked_at"],
                name="certificates_verif_log_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate} · {self.checked_at:%Y-%m-%d %H:%M}"


class SigningKey(models.Model):
    """A public key the platform signs credentials with, as did.json publishes it.
    The secret half lives in the settings (CREDENTIAL_SIGNING_KEY or its file),
    never in the database."""

    class State(models.TextChoices):
        ACTIVE = "active", _("signe les nouveaux badges")
        RETIRED = "retired", _("retirée (vérifie encore ce qu'elle a signé)")
        COMPROMISED = "compromised", _("compromise (retirée de did.json)")

    fragment = models.CharField(_("identifiant"), max_length=40, unique=True)
    public_key_multibase = models.CharField(
        _("clé publique (Multikey)"), max_length=60, unique=True
    )
    state = models.CharField(
        _("état"), max_length=12, choices=State.choices, default=State.ACTIVE
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    state_changed_at = models.DateTimeField(_("état changé le"), default=timezone.now)

    class Meta:
        verbose_name = _("clé de signature")
        verbose_name_plural = _("clés de signature")

    def __str__(self) -> str:
        return f"{self.fragment} ({self.state})"


class Credential(models.Model):
    """The signed Open Badge of a certificate: the exact bytes every download
    returns, and its bit in the status list (set once revoked or replaced)."""

    certificate = models.OneToOneField(
        Certificate,
        verbose_name=_("certificat"),
        on_delete=models.CASCADE,
        related_name="credential",
    )
    document = models.BinaryField(_("badge signé (JSON)"), editable=False)
    status_index = models.PositiveIntegerField(_("index de statut"), unique=True)
    status_set = models.BooleanField(
        _("révoqué dans la liste de statut"), default=False
    )
    signing_key = models.ForeignKey(
        SigningKey,
        verbose_name=_("clé de signature"),
        on_delete=models.PROTECT,
        related_name="credentials",
    )
    created_at = models.DateTimeField(_("signé le"), default=timezone.now)

    class Meta:
        verbose_name = _("badge numérique")
        verbose_name_plural = _("badges numériques")

    def __str__(self) -> str:
        return f"{self.certificate} · {self.status_index}"


class CertificateOutcome(models.Model):
    """What the holder says happened since the certificate: optional and private.
    Only the holder sees their answer; the impact report counts answers, never
    shows them per person."""

    class Outcome(models.TextChoices):
        JOB = "job", _("J'ai trouvé un emploi")
        TRAINING = "training", _("J'ai commencé une formation")
        CONFIDENT = "confident", _("Je suis plus à l'aise en ligne")

    # Each outcome and the field that records it, in the order the form asks.
    FIELDS = {
        Outcome.JOB: "found_job",
        Outcome.TRAINING: "started_training",
        Outcome.CONFIDENT: "more_confident_online",
    }

    certificate = models.OneToOneField(
        Certificate,
        verbose_name=_("certificat"),
        on_delete=models.CASCADE,
        related_name="outcome",
    )
    # The holder, kept on the row so erasing the account deletes the answer
    # even though the certificate itself survives without a holder.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="certificate_outcomes",
    )
    found_job = models.BooleanField(_("a trouvé un emploi"), default=False)
    started_training = models.BooleanField(_("a commencé une formation"), default=False)
    more_confident_online = models.BooleanField(
        _("est plus à l'aise en ligne"), default=False
    )
    declined = models.BooleanField(_("préfère ne pas répondre"), default=False)
    answered_at = models.DateTimeField(_("répondu le"), default=timezone.now)
    updated_at = models.DateTimeField(_("changé le"), default=timezone.now)

    class Meta:
        verbose_name = _("réponse « et depuis ? »")
        verbose_name_plural = _("réponses « et depuis ? »")
        constraints = [
            # Either some outcomes, or "I'd rather not say": never both, never none.
            models.CheckConstraint(
                condition=models.Q(
                    declined=True,
                    found_job=False,
                    started_training=False,
                    more_confident_online=False,
                )
                | (
                    models.Q(declined=False)
                    & (
                        models.Q(found_job=True)
                        | models.Q(started_training=True)
                        | models.Q(more_confident_online=True)
                    )
                ),
                name="certificates_outcome_answered_or_declined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certificate} · {self.updated_at:%Y-%m-%d}"

    @property
    def outcomes(self) -> list[str]:
        """The outcomes the holder ticked, as Outcome values."""
        return [str(key) for key, field in self.FIELDS.items() if getattr(self, field)]

    @property
    def outcome_labels(self) -> list[str]:
        return [str(self.Outcome(value).label) for value in self.outcomes]
