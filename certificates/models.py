"""Certificates: a frozen snapshot of what was certified, found by its public code."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .codes import code_display


class Certificate(models.Model):
    """What a partner verifies; the snapshot never changes after issuance."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("en préparation")
        ISSUED = "issued", _("valide")
        REVOKED = "revoked", _("révoqué")
        SUPERSEDED = "superseded", _("remplacé")

    code = models.CharField(_("code"), max_length=13, unique=True, editable=False)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.PREPARING
    )
    holder_name = models.CharField(_("nom du titulaire"), max_length=300)
    course_title = models.CharField(_("module"), max_length=200)
    course_language = models.CharField(_("langue du module"), max_length=5)
    hours = models.DecimalField(_("heures"), max_digits=4, decimal_places=1)
    issuer_name = models.CharField(_("émetteur"), max_length=200)
    issuer_company_number = models.CharField(_("numéro d'entreprise"), max_length=12)
    issued_on = models.DateField(_("date"))
    expires_on = models.DateField(_("expire le"), null=True, blank=True)
    revoked_on = models.DateField(_("révoqué le"), null=True, blank=True)
    pdf_sha256 = models.CharField(
        _("empreinte SHA-256 du PDF"), max_length=64, blank=True
    )

    class Meta:
        verbose_name = _("certificat")
        verbose_name_plural = _("certificats")

    def __str__(self) -> str:
        return code_display(self.code)

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify-code", args=[code_display(self.code)])

    @property
    def display_code(self) -> str:
        return code_display(self.code)
