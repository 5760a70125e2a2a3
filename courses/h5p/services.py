"""H5P activities inside courses: H5P lessons, and finishing one as finishing its
lesson.

The H5P engine (`h5p`) knows nothing about courses; this module places its
contents in modules and turns a finished attempt into progress. Scores are
self-reported by the browser: an H5P lesson is done when the activity is
finished, whatever the score, and no score ever decides a certificate.
"""

import logging
from typing import BinaryIO

from django.db import transaction

from h5p import services as h5p_engine
from h5p.models import Attempt, Content

from .. import selectors
from ..models import Enrollment, Lesson, Module
from ..services.learning import lesson_progress_record

logger = logging.getLogger(__name__)


@transaction.atomic
def h5p_lesson_create(
    *,
    module: Module,
    title: str,
    minutes: int = 5,
    required: bool = True,
    content: Content,
) -> Lesson:
    """An H5P lesson at the end of the module, playing an installed content
    (one lesson per content)."""
    lesson = Lesson(
        module=module,
        kind=Lesson.Kind.H5P,
        h5p_content=content,
        title=(title or content.title).strip(),
        minutes=minutes,
        required=required,
        position=module.lessons.count(),
    )
    lesson.full_clean()
    lesson.save()
    return lesson


def h5p_lesson_upload(
    *,
    module: Module,
    upload: BinaryIO,
    user,
    title: str = "",
    minutes: int = 5,
    required: bool = True,
) -> Lesson:
    """Installs the package (refused with every reason when it is not safe), then
    places it at the end of the module; a lesson that cannot be created leaves
    no content behind."""
    content = h5p_engine.package_install(upload=upload, user=user)
    try:
        return h5p_lesson_create(
            module=module,
            title=title,
            minutes=minutes,
            required=required,
            content=content,
        )
    except BaseException:
        h5p_engine.content_delete(content=content)
        raise


def h5p_finish_record(*, attempt: Attempt) -> None:
    """A finished attempt finishes the H5P lesson that plays its content, for the
    member enrolled in its course and once the lesson is open to them (safe to
    repeat: progress is recorded once)."""
    if not attempt.completed:
        return
    lesson = (
        Lesson.objects.select_related("module")
        .filter(h5p_content_id=attempt.content_id)
        .first()
    )
    if lesson is None:
        return
    enrollment = (
        Enrollment.objects.select_related("course", "user")
        .filter(user_id=attempt.user_id, course_id=lesson.module.course_id)
        .first()
    )
    if enrollment is None:
        return
    if selectors.lesson_lock(enrollment=enrollment, lesson=lesson) is not None:
        logger.info(
            "h5p attempt %s finished on a locked lesson: no progress", attempt.pk
        )
        return
    lesson_progress_record(enrollment=enrollment, lesson=lesson)
