"""Writes of the impact reports: a PDF export asked for, rendered, forgotten."""

import logging
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.storage_transactions import atomic_with_files, file_written
from members.models import Organisation, User

from . import pdf, rendering, selectors
from .models import STALE_AFTER, ReportExport
from .published import report_publish
from .selectors import EXPORT_LIFETIME, Period
from .signals import report_export_wanted

logger = logging.getLogger(__name__)

EXPORT_FOLDER = "reports"
# PDFs one person may ask for in a day: enough for every period they need,
# few enough that a held-down button cannot fill a worker's queue.
EXPORTS_PER_DAY = 30


@transaction.atomic
def report_export_create(
    *,
    requester: User,
    period: Period,
    organisation: Organisation | None,
    language: str,
) -> ReportExport:
    """A new export of the period, rendered by a worker after commit; the same
    question still in preparation (and not lost) is answered by the export
    already asked for: a double click makes one PDF. Exports past their day are
    deleted first."""
    report_exports_expire()
    asked = {
        "requester": requester,
        "organisation": organisation,
        "start": period.start,
        "end": period.end,
        "language": language,
    }
    pending = ReportExport.objects.filter(
        **asked,
        state=ReportExport.State.PENDING,
        created_at__gte=timezone.now() - STALE_AFTER,
    ).first()
    if pending is not None:
        return pending
    if ReportExport.objects.filter(requester=requester).count() >= EXPORTS_PER_DAY:
        raise ValidationError(
            _("Vous avez demandé beaucoup de rapports aujourd'hui : réessayez demain."),
            code="too_many",
        )
    export = ReportExport.objects.create(**asked)
    export_id = str(export.pk)
    transaction.on_commit(
        lambda: report_export_wanted.send(sender=ReportExport, export_id=export_id)
    )
    return export


def report_export_render(*, export_id: str) -> ReportExport | None:
    """Renders the PDF of a pending export in its language and stores it, once;
    an export deleted meanwhile, or already done, is left as it is. A document
    WeasyPrint cannot render marks the export failed (it would fail again)."""
    export = (
        ReportExport.objects.select_related("organisation").filter(pk=export_id).first()
    )
    if export is None or export.state != ReportExport.State.PENDING:
        return export
    with translation.override(export.language):
        figures = selectors.impact_figures(
            period=Period(export.start, export.end), organisation=export.organisation
        )
        html = rendering.report_html(
            report=report_publish(figures), generated_at=timezone.now()
        )
    try:
        content = pdf.report_pdf(html)
    except Exception:
        logger.exception("report export %s: the PDF could not be rendered", export_id)
        ReportExport.objects.filter(
            pk=export_id, state=ReportExport.State.PENDING
        ).update(state=ReportExport.State.FAILED, finished_at=timezone.now())
        return ReportExport.objects.filter(pk=export_id).first()
    with atomic_with_files():
        locked = ReportExport.objects.select_for_update().filter(pk=export_id).first()
        if locked is None or locked.state != ReportExport.State.PENDING:
            return locked
        name = default_storage.save(
            f"{EXPORT_FOLDER}/{uuid.uuid4().hex}.pdf", ContentFile(content)
        )
        file_written(name)
        locked.file.name = name
        locked.state = ReportExport.State.READY
        locked.finished_at = timezone.now()
        locked.save(update_fields=["file", "state", "finished_at"])
    return locked


@transaction.atomic
def report_exports_expire() -> int:
    """Deletes the exports older than a day, and their files once that is
    committed; returns how many."""
    old = ReportExport.objects.filter(created_at__lt=timezone.now() - EXPORT_LIFETIME)
    rows = list(old.values_list("pk", "file"))
    if not rows:
        return 0
    ReportExport.objects.filter(pk__in=[pk for pk, _name in rows]).delete()
    names = [name for _pk, name in rows if name]
    transaction.on_commit(lambda: _files_delete(names))
    return len(rows)


def _files_delete(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # already gone, or storage down: nothing links to it now
            logger.warning("report export file %s not deleted", name)
