"""The report tasks: they load an export by id and call the service."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reports.models import ReportExport
from reports.tasks import report_export_render_task, report_exports_expire_task
from tests.reports.factories import ReportExportFactory

pytestmark = pytest.mark.django_db


def test_tasks_export_render_stores_the_pdf(coordinator, media_root):
    export = ReportExportFactory(requester=coordinator)

    state = report_export_render_task.delay(str(export.pk)).get()

    assert state == ReportExport.State.READY
    export.refresh_from_db()
    assert (media_root / export.file.name).read_bytes().startswith(b"%PDF")


def test_tasks_exports_expire_counts_what_it_deleted(media_root):
    old = ReportExportFactory()
    ReportExport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    ReportExportFactory()

    assert report_exports_expire_task.delay().get() == 1
    assert ReportExport.objects.count() == 1


def test_tasks_exports_expire_runs_every_hour(settings):
    """Celery beat knows the task by its name."""
    entry = settings.CELERY_BEAT_SCHEDULE["report-exports-expire"]

    assert entry["task"] == "reports.tasks.report_exports_expire_task"
    assert entry["schedule"] <= 86400
