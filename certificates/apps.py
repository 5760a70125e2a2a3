"""Certificates: issuance, PDF, verification and revocation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "certificates"
    verbose_name = _("Certificats")

    def ready(self) -> None:
        from celery.signals import worker_process_init

        from courses.signals import course_completed

        from . import checks, receivers  # noqa: F401 (checks register themselves)
        from .signals import certificate_render_wanted

        course_completed.connect(
            receivers.issue_after_completion, dispatch_uid="certificates_issue"
        )
        certificate_render_wanted.connect(
            receivers.render_queue, dispatch_uid="certificates_render"
        )
        worker_process_init.connect(
            receivers.warm_up_worker, dispatch_uid="certificates_warm_up", weak=False
        )
