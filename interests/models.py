"""Interests: a partner organisation's "Je suis intéressé·e" for a member."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# One interest per organisation and member in this window: a member is never
# flooded by one organisation pressing the button again and again.
INTEREST_COOLDOWN = timedelta(days=7)


class Interest(models.Model):
    """An organisation signalled interest in a member; the member alone decides
    whether to share their portfolio with it. Holds no contact detail."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("pas encore de réponse")
        SHARED = "shared", _("portfolio partagé")
        DECLINED = "declined", _("pas de partage")

    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="interests",
    )
    # Null once the partner's account is erased: the member still sees which
    # organisation was interested, never who pressed.
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partenaire"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interests_expressed",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="interests_received",
    )
    # The published story the partner read, if the interest came from one; a
    # string: stories sits beside interests and never imports it.
    story = models.ForeignKey(
        "stories.Story",
        verbose_name=_("réussite"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    seen_at = models.DateTimeField(_("vu le"), null=True, blank=True)
    decision = models.CharField(
        _("décision"),
        max_length=10,
        choices=Decision.choices,
        default=Decision.PENDING,
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("intérêt")
        verbose_name_plural = _("intérêts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision__in=["pending", "shared", "declined"]),
                name="interests_interest_decision_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(decision="pending", decided_at__isnull=True)
                | (~models.Q(decision="pending") & models.Q(decided_at__isnull=False)),
                name="interests_interest_decided_at_matches_decision",
            ),
        ]
        indexes = [
            models.Index(
                fields=["member", "organisation", "created_at"],
                name="interests_member_org_created",
            ),
            models.Index(fields=["member", "seen_at"], name="interests_member_seen"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.member_id} ({self.created_at:%Y-%m-%d})"

    @property
    def is_pending(self) -> bool:
        return self.decision == self.Decision.PENDING

    @property
    def renewable_at(self):
        """When the organisation may signal its interest in this member again."""
        return self.created_at + INTEREST_COOLDOWN
