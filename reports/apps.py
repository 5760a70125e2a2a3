"""App config of the impact reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("rapports d'impact")

    def ready(self) -> None:
        from . import receivers
        from .signals import report_export_wanted

        report_export_wanted.connect(
            receivers.export_render_queue, dispatch_uid="reports_export_render"
        )
