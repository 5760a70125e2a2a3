"""The course document: one course graph as versioned JSON-able data plus its files,
checked strictly, and built back into a new draft course.

Three functions, used by the in-platform copy (sharing.services.course_copy) and by
export/import archives:

- ``course_document(course) -> CourseDocument``: ``.data`` is plain JSON (dicts,
  lists, str, int, bool, None; decimals as strings), ``.files`` maps each relative
  file name the data mentions to its name in the default storage. A handful of
  queries (8), whatever the size of the course.
- ``document_validate(data) -> dict``: checks the structure strictly and raises one
  ValidationError whose ``.messages`` are French sentences, each naming the path of
  the field ("modules[0].lessons[2].title : ..."). Unknown keys are refused; a
  newer VERSION is refused before anything else is read.
- ``course_build(*, data, open_file, owner, ...) -> Course``: a NEW draft course
  owned by ``owner`` from a document (validated again here), with one bulk insert
  per table, Markdown rendered and sanitised again, files copied through
  ``open_file(relative_name) -> binary file-like`` into fresh random storage names
  after their content is checked. It never touches an existing course.

The data, version 1 (every key listed here, and no other, is allowed)::

    {"format": "sirius-course", "version": 1,
     "course": {"title", "summary", "description_markdown", "language",
                "level_band", "duration_hours": "1.5",
                "certificate_validity_months": int | None,
                "cover": "cover.png" | None, "cover_alt",
                "competences": [{"code": "1.1", "level": 1..8}],
                "licence": "" | "CC-BY-SA-4.0" | "CC-BY-4.0" | "CC-BY-NC-SA-4.0",
                "organisation": str,         # credited when shared ("" if none)
                "url": str,                  # where the course was published
                "attribution": None | {"title", "organisation", "licence", "url"}},
     "images": ["images/1.png", ...],        # lesson/description/question images
     "modules": [{"title", "unlock_in_order": bool, "lessons": [
         {"kind": "text", "title", "minutes", "required", "body_markdown",
          "audio": "audio/1.mp3" | None, "audio_transcript",
          "video": "video/1.mp4" | None, "video_transcript"},
         {"kind": "quiz", "title", "minutes", "required",
          "quiz": {"title", "selection", "draw_count", "shuffle_choices",
                   "display", "pass_mark", "max_attempts", "time_limit_minutes",
                   "review_policy", "questions": ["q1", "q3", ...]}},
         {"kind": "h5p", "title", "minutes", "required",
          "h5p": {"title", "main_library": "H5P.MultiChoice 1.16",
                  "libraries": ["H5P.MultiChoice 1.16", "H5P.Question 1.5", ...],
                  "h5p_json": {...}, "content_json": {...},
                  "files": ["content/images/photo.png", ...]}}]}],
     "questions": [{"ref": "q1", "kind", "text_markdown", "feedback_markdown",
                    "image": "questions/1.png" | None, "image_alt",
                    "accepted_answers": [str], "number_answer": "12.5" | None,
                    "number_tolerance": "0", "competence_codes": ["1.1"],
                    "choices": [{"text", "is_correct", "feedback", "match_text"}]}]}

Images inside Markdown are written ``![alt](media:images/1.png)`` in the document
and must be listed in "images". The H5P activity of the n-th H5P lesson (1-based,
modules then lessons in order) keeps its files under ``h5p/<n>/<path>``; see
``h5p_file_name``. Relative names are numbered in order, so two copies of one
course give equal documents.

H5P: ``course_build`` asks its ``h5p_contents`` hook for the contents, in one call:
``h5p_contents(entries: list[H5PEntry], open_file) -> list[h5p.models.Content]``,
one content per entry, in order, all or nothing (on failure the hook removes the
files it wrote). The default, ``h5p_contents_copy``, makes new contents pointing at
the SAME installed libraries, copying content.json, h5p.json and the content files;
it trusts the JSON (it comes from this platform's own, already sanitised rows).
An importer of archives passes its own hook that installs each activity as a
package through ``h5p.services.package_install`` (which checks and sanitises).

The package, its arrows pointing one way (``common`` imports none of the others)::

    common.py     FORMAT, VERSION, folders, limits, file names, the data classes
    write.py      course_document                      -> common
    checker.py    Check: problems collected by field path  -> common
    validate.py   document_validate                    -> checker, common
    files.py      files_copy, h5p_contents_copy        -> common
    build.py      course_build                         -> common, files, validate
"""

from .build import (
    course_build,
    document_attribution,
)
from .common import (
    FORMAT,
    VERSION,
    Attribution,
    CourseDocument,
    H5PEntry,
    course_attribution,
    h5p_file_name,
    library_key,
)
from .files import h5p_contents_copy, storage_open_file
from .validate import document_validate
from .write import course_document

__all__ = [
    "FORMAT",
    "VERSION",
    "Attribution",
    "CourseDocument",
    "H5PEntry",
    "course_attribution",
    "course_build",
    "course_document",
    "document_attribution",
    "document_validate",
    "h5p_contents_copy",
    "h5p_file_name",
    "library_key",
    "storage_open_file",
]
