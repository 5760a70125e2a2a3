"""Writes on courses, by who makes them: learners (learning.py: enrolment,
progress, completion), trainers (authoring.py: courses, modules, lessons) and
their files (media.py). Authoring builds on media; learning on neither."""

from .authoring import (  # noqa: F401 - the package's public writes
    COURSE_EDITABLE_FIELDS,
    LESSON_EDITABLE_FIELDS,
    course_archive,
    course_create,
    course_publish,
    course_unpublish,
    course_update,
    lesson_create,
    lesson_delete,
    lesson_move,
    lesson_update,
    module_create,
    module_delete,
    module_move,
    module_update,
)
from .learning import (  # noqa: F401
    enrollment_complete_if_done,
    enrollment_create,
    lesson_complete,
    lesson_open_check,
    lesson_progress_record,
)
from .media import (  # noqa: F401
    AUDIO_FOLDER,
    COVER_FOLDER,
    IMAGE_FOLDER,
    VIDEO_FOLDER,
    course_cover_set,
    lesson_image_store,
    lesson_media_set,
)
