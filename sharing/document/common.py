"""The course document's format, limits, file names and data classes, shared by all."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings

from courses.models import Course
from h5p.models import Library

FORMAT = "sirius-course"
VERSION = 1

OpenFile = Callable[[str], IO[bytes]]

# Folders of the storage a built course's files go to (as the authoring services).
COVER_FOLDER = "courses/covers"
IMAGE_FOLDER = "lessons/images"
AUDIO_FOLDER = "lessons/audio"
VIDEO_FOLDER = "lessons/video"
QUESTION_IMAGE_FOLDER = "quizzes/images"

MAX_MODULES = 100
MAX_LESSONS_PER_MODULE = 200
MAX_QUESTIONS = 2000
MAX_CHOICES = 20
MAX_ACCEPTED_ANSWERS = 20
MAX_ACCEPTED_ANSWER_CHARS = 200
MAX_COMPETENCES = 30
MAX_IMAGES = 2000
MAX_H5P_JSON_BYTES = 1024 * 1024

_IMAGE_NAME = r"\d{1,5}\.(?:png|jpg|webp)"
COVER_NAME = re.compile(r"cover\.(?:png|jpg|webp)")
IMAGE_NAME = re.compile(rf"images/{_IMAGE_NAME}")
AUDIO_NAME = re.compile(r"audio/\d{1,5}\.(?:mp3|m4a|ogg)")
VIDEO_NAME = re.compile(r"video/\d{1,5}\.(?:mp4|webm)")
QUESTION_IMAGE_NAME = re.compile(rf"questions/{_IMAGE_NAME}")
# A file of an H5P activity, relative to the activity: content/<safe segments>.
H5P_FILE = re.compile(r"content(?:/[\w][\w.\-]{0,99}){1,8}", re.ASCII)
LIBRARY_KEY = re.compile(r"([\w.\-]{1,255}) (\d{1,5})\.(\d{1,5})", re.ASCII)
QUESTION_REF = re.compile(r"q\d{1,5}")
COMPETENCE_CODE = re.compile(r"[1-9]\.[1-9]")
QUESTION_COMPETENCE_CODE = re.compile(r"\d{1,2}\.\d{1,2}")
# In the document, an image of the platform inside Markdown.
MARKDOWN_IMAGE = re.compile(rf"media:(images/{_IMAGE_NAME})")


@dataclass(frozen=True)
class CourseDocument:
    """One course as data (JSON-able) and the files it names (relative -> storage)."""

    data: dict[str, Any]
    files: dict[str, str]


@dataclass(frozen=True)
class Attribution:
    """Who a copy is credited to, frozen on the copy."""

    title: str
    organisation: str
    licence: str
    url: str


@dataclass(frozen=True)
class H5PEntry:
    """One H5P activity of a document, as the h5p_contents hook receives it.

    `number` is its place among the document's H5P lessons (1-based); `data` is
    the lesson's "h5p" dict; `file_names` maps each path of `data["files"]` to the
    relative name to pass to open_file."""

    number: int
    data: dict[str, Any]
    file_names: dict[str, str] = field(default_factory=dict)


def h5p_file_name(number: int, path: str) -> str:
    """The relative name of an H5P activity's file in a document's files."""
    return f"h5p/{number}/{path}"


def library_key(library: Library) -> str:
    """How a document names an installed library: "H5P.MultiChoice 1.16"."""
    return f"{library.machine_name} {library.major}.{library.minor}"


def course_attribution(course: Course) -> Attribution:
    """How a copy of this course credits it (its organisation loaded)."""
    organisation = course.author_organisation
    return Attribution(
        title=course.title,
        organisation=organisation.name if organisation is not None else "",
        licence=course.licence,
        url=f"{settings.SITE_URL}{course.get_absolute_url()}",
    )


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""
