"""Exports of the report as a PDF: asked for once, rendered after commit in the
requester's language, stored privately, forgotten after a day."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reports import services
from reports.models import ReportExport
from reports.selectors import Period
from tests.reports.factories import ReportExportFactory

pytestmark = pytest.mark.django_db

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def _create(user, capture, **kwargs):
    with capture(execute=True):
        return services.report_export_create(
            requester=user,
            period=kwargs.get("period", MARCH),
            organisation=user.organisation,
            language=kwargs.get("language", "fr"),
        )


def test_services_export_create_renders_after_commit(
    coordinator, media_root, django_capture_on_commit_callbacks
):
    """Tasks run eagerly here: once committed, the PDF is stored and ready."""
    export = _create(coordinator, django_capture_on_commit_callbacks)

    export.refresh_from_db()
    assert export.state == ReportExport.State.READY
    assert export.finished_at is not None
    assert export.file.name.startswith("reports/")
    assert (media_root / export.file.name).read_bytes().startswith(b"%PDF")


def test_services_export_create_queues_nothing_before_commit(
    coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        export = services.report_export_create(
            requester=coordinator,
            period=MARCH,
            organisation=coordinator.organisation,
            language="fr",
        )

    assert len(callbacks) == 1
    assert ReportExport.objects.get(pk=export.pk).state == ReportExport.State.PENDING


def test_services_export_create_reuses_the_same_pending_question(coordinator):
    """A double click makes one PDF."""
    first = ReportExportFactory(requester=coordinator)

    again = services.report_export_create(
        requester=coordinator,
        period=MARCH,
        organisation=coordinator.organisation,
        language="fr",
    )

    assert again.pk == first.pk
    assert ReportExport.objects.count() == 1


def test_services_export_create_refuses_past_the_daily_limit(coordinator, settings):
    for day in range(services.EXPORTS_PER_DAY):
        ReportExportFactory(
            requester=coordinator,
            start=date(2026, 1, 1) + timedelta(days=day),
            state=ReportExport.State.READY,
        )

    with pytest.raises(ValidationError) as refusal:
        services.report_export_create(
            requester=coordinator,
            period=MARCH,
            organisation=coordinator.organisation,
            language="fr",
        )

    assert refusal.value.code == "too_many"


def test_services_export_render_is_done_once(
    coordinator, media_root, django_capture_on_commit_callbacks
):
    export = _create(coordinator, django_capture_on_commit_callbacks)
    name = ReportExport.objects.get(pk=export.pk).file.name

    again = services.report_export_render(export_id=str(export.pk))

    assert again.file.name == name
    assert len(list((media_root / "reports").iterdir())) == 1


def test_services_export_render_of_a_deleted_export_does_nothing(media_root):
    export = ReportExportFactory()
    export_id = str(export.pk)
    export.delete()

    assert services.report_export_render(export_id=export_id) is None
    assert not (media_root / "reports").exists()


def test_services_export_render_failure_is_told(media_root, monkeypatch):
    """A document WeasyPrint refuses marks the export failed: its page says so."""
    export = ReportExportFactory()

    def refuse(html):
        raise ValueError("no layout")

    monkeypatch.setattr(services.pdf, "report_pdf", refuse)

    done = services.report_export_render(export_id=str(export.pk))

    assert done.state == ReportExport.State.FAILED
    assert not done.file


def test_services_exports_expire_deletes_rows_and_files(
    coordinator, media_root, django_capture_on_commit_callbacks
):
    old = _create(coordinator, django_capture_on_commit_callbacks)
    old.refresh_from_db()
    path = Path(media_root / old.file.name)
    ReportExport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    fresh = ReportExportFactory(requester=coordinator, state=ReportExport.State.READY)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_exports_expire() == 1

    assert list(ReportExport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not path.exists()


def test_services_export_create_forgets_old_exports_first(coordinator, media_root):
    """On the next request, even where no Celery beat runs (the demo)."""
    old = ReportExportFactory(requester=coordinator, start=date(2026, 1, 1))
    ReportExport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )

    services.report_export_create(
        requester=coordinator,
        period=MARCH,
        organisation=coordinator.organisation,
        language="fr",
    )

    assert not ReportExport.objects.filter(pk=old.pk).exists()


def test_services_export_create_does_not_reuse_a_lost_export(coordinator):
    """An export pending for too long was lost: asking again makes a new one."""
    lost = ReportExportFactory(requester=coordinator)
    ReportExport.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - timedelta(minutes=11)
    )

    again = services.report_export_create(
        requester=coordinator,
        period=MARCH,
        organisation=coordinator.organisation,
        language="fr",
    )

    assert again.pk != lost.pk
