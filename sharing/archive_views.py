"""Course archives under /teach/archives/: a trainer exports a course they teach
and imports an archive as a new draft."""

import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.uploads import limit_upload_size, upload_cut_off, upload_data
from courses.selectors import course_for_teacher
from members.permissions import trainer_required

from .archive import (
    archive_max_bytes,
    archive_name,
    course_archive_import,
    course_archive_write,
)
from .archive_forms import ArchiveImportForm
from .ratelimit import archive_limited_message, archive_retry_after


def limited(request, template: str, context: dict, wait: int) -> HttpResponse:
    """The page past COURSE_ARCHIVE_RATE_LIMIT: 429, and when to come back."""
    context = {**context, "limited_message": archive_limited_message(wait)}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_GET
@trainer_required
def archive_export(request, pk: int):
    """The course as `<slug>.sirius-course.zip` (a trainer of the course or
    staff; 404 for anyone else's course). Past COURSE_ARCHIVE_RATE_LIMIT, a page
    that says when to try again."""
    course = course_for_teacher(request.user, pk)
    wait = archive_retry_after(request.user)
    if wait is not None:
        return limited(
            request, "sharing/archive_export_limited.html", {"course": course}, wait
        )
    return archive_download(course)


def archive_download(course) -> FileResponse:
    """The course's archive as a download, written to a temporary file (not
    memory: videos make archives large), deleted once sent."""
    spool = tempfile.TemporaryFile(prefix="course-export-")  # noqa: SIM115
    course_archive_write(course=course, fileobj=spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=archive_name(course),
        content_type="application/zip",
    )


@trainer_required
@limit_upload_size(archive_max_bytes)
def archive_import(request):
    """Imports an archive as a new draft taught by the trainer; a refused archive
    shows every reason and keeps the trainer on the page. Past
    COURSE_ARCHIVE_RATE_LIMIT, a post is refused before its archive is looked
    at: the empty form again, with when to try again."""
    if request.method == "POST":
        wait = archive_retry_after(request.user)
        if wait is not None:
            return limited(
                request,
                "sharing/archive_import.html",
                {"form": ArchiveImportForm()},
                wait,
            )
    form = ArchiveImportForm(*upload_data(request))
    too_big = upload_cut_off(request, form, "archive", archive_max_bytes())
    if not too_big and request.method == "POST" and form.is_valid():
        try:
            course = course_archive_import(
                upload=form.cleaned_data["archive"], user=request.user
            )
        except ValidationError as error:
            form.add_error("archive", error)
        else:
            messages.success(
                request,
                _("Le module « %(title)s » est importé (brouillon).")
                % {"title": course.title},
            )
            return redirect("teach:course-detail", pk=course.pk)
    return render(
        request,
        "sharing/archive_import.html",
        {"form": form},
        status=413 if too_big else 200,
    )
