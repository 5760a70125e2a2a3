"""A PDF of the impact report asked for on the page, rendered by a worker."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A render takes seconds: an export still pending after this was lost (broker
# down, worker gone); its page says so and a new request makes a new one.
STALE_AFTER = timedelta(minutes=10)


class ReportExport(models.Model):
    """One request for the report of a period as a PDF: who asked, for what,
    and the file once a worker has rendered it (kept a day, in private storage)."""

    class State(models.TextChoices):
        PENDING = "pending", _("en préparation")
        READY = "ready", _("prêt")
        FAILED = "failed", _("échoué")

    # A random id: the status page's address tells nothing about other exports.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_exports",
        verbose_name=_("demandé par"),
    )
    # The question asked: NULL organisation is the whole platform (staff only).
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    start = models.DateField(_("du"))
    end = models.DateField(_("au (compris)"))
    language = models.CharField(_("langue"), max_length=8)
    state = models.CharField(
        _("état"), max_length=8, choices=State.choices, default=State.PENDING
    )
    file = models.FileField(_("fichier"), upload_to="reports/", blank=True)
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("export de rapport")
        verbose_name_plural = _("exports de rapports")
        indexes = [models.Index(fields=["created_at"], name="report_export_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="report_export_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("reports:export-detail", args=[self.pk])

    @property
    def is_stale(self) -> bool:
        """Still pending long after any render would have finished."""
        return (
            self.state == self.State.PENDING
            and self.created_at < timezone.now() - STALE_AFTER
        )
