"""Members: the user and their role, partner organisations, groups, log-in cards."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import normalise_company_number, validate_belgian_company_number


class Organisation(models.Model):
    """A partner: an employer, an employment service or a training centre."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    company_number = models.CharField(
        _("numéro d'entreprise"),
        # Room for "BE 0123.456.749" as typed; clean() stores the 10 digits.
        max_length=20,
        unique=True,
        validators=[validate_belgian_company_number],
        help_text=_("Numéro BCE/KBO à 10 chiffres, par exemple 0123.456.749."),
    )
    contact_name = models.CharField(_("personne de contact"), max_length=200)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_phone = models.CharField(
        _("téléphone de contact"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"^[0-9+ ./()-]{6,30}$")],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.company_number = normalise_company_number(self.company_number)


class User(AbstractUser):
    """A person on the platform; the role decides which pages they may use."""

    class Role(models.TextChoices):
        LEARNER = "learner", _("apprenant·e")
        TRAINER = "trainer", _("formateur·rice")
        PARTNER = "partner", _("partenaire")
        STAFF = "staff", _("équipe")

    # Self-declared, optional: only the impact report counts it, never per person.
    class AgeBand(models.TextChoices):
        UNDER_18 = "under_18", _("moins de 18 ans")
        FROM_18 = "18_25", _("18 à 25 ans")
        FROM_26 = "26_44", _("26 à 44 ans")
        FROM_45 = "45_64", _("45 à 64 ans")
        FROM_65 = "65_plus", _("65 ans et plus")

    role = models.CharField(
        _("rôle"), max_length=10, choices=Role.choices, default=Role.LEARNER
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    created_by = models.ForeignKey(
        "self",
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_confirmed_at = models.DateTimeField(
        _("accord confirmé par le formateur le"), null=True, blank=True
    )
    must_choose_secret = models.BooleanField(
        _("doit choisir un mot de passe ou un code"), default=False
    )
    # The language the member last chose on screen: their e-mails follow it, since
    # a message read later, away from the page, must be in a language they read.
    language = models.CharField(
        _("langue des messages"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
    )
    # Below 13, the Belgian age of digital consent, a legal representative
    # decides whether the member's profile may be seen by anyone else.
    under_13 = models.BooleanField(_("moins de 13 ans"), default=False)
    # Blank: the member never said (most will not; nothing is assumed).
    age_band = models.CharField(
        _("tranche d'âge (dite par le membre)"),
        max_length=8,
        choices=AgeBand.choices,
        blank=True,
    )
    guardian_consent_at = models.DateTimeField(
        _("accord d'un représentant légal pour un profil visible, le"),
        null=True,
        blank=True,
    )
    guardian_consent_by = models.ForeignKey(
        "self",
        verbose_name=_("accord enregistré par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="members_user_email_unique_when_set",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="partner")
                | models.Q(organisation__isnull=False),
                name="members_user_partner_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def needs_guardian_consent(self) -> bool:
        """Under 13 and no legal representative's consent: the profile stays private."""
        return self.under_13 and self.guardian_consent_at is None

    @property
    def is_learner(self) -> bool:
        return self.role == self.Role.LEARNER

    @property
    def is_trainer(self) -> bool:
        return self.role == self.Role.TRAINER

    @property
    def is_partner(self) -> bool:
        return self.role == self.Role.PARTNER

    @property
    def is_staff_member(self) -> bool:
        return self.role == self.Role.STAFF or self.is_superuser


class LearnerGroup(models.Model):
    """A trainer's group of learners, whose accounts the trainer created."""

    name = models.CharField(_("nom du groupe"), max_length=120)
    trainer = models.ForeignKey(
        User,
        verbose_name=_("formateur·rice"),
        on_delete=models.PROTECT,
        related_name="led_groups",
    )
    learners = models.ManyToManyField(
        User, verbose_name=_("apprenant·es"), related_name="learner_groups", blank=True
    )
    # The language most of the group reads: their cards are printed in it, unless
    # a learner chose another one on screen.
    language = models.CharField(
        _("langue du groupe"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("groupe")
        verbose_name_plural = _("groupes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:group-detail", args=[self.pk])


class LoginCard(models.Model):
    """A one-time log-in link printed on a card; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_cards")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("carte de connexion")
        verbose_name_plural = _("cartes de connexion")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_usable(self) -> bool:
        return (
            self.used_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class EmailDelivery(models.Model):
    """One e-mail task that reached the mail server, by its Celery task id: a
    message the broker hands out again (a killed worker, a visibility timeout)
    keeps its id, so it is not sent a second time."""

    task_id = models.CharField(max_length=255, unique=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("e-mail envoyé")
        verbose_name_plural = _("e-mails envoyés")

    def __str__(self) -> str:
        return f"{self.task_id} ({self.sent_at:%Y-%m-%d %H:%M})"
