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
"""

import json
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from courses.models import Course, CourseCompetence, Lesson, Licence, Module
from h5p.models import Content, Library
from lms.markdown import MAX_MARKDOWN_CHARS, RENDERER_VERSION, render_markdown
from lms.uploads import audio_check, image_check, upload_store, video_check
from quizzes.models import Choice, Question, QuestionBank, Quiz, QuizQuestion
from skills.models import Competence, ProficiencyBand

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


# --- Reading a course into a document ---


def _decimal_text(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return (
        format(value.normalize(), "f")
        if value == value.to_integral()
        else str(value.normalize())
    )


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


class _Files:
    """Gives each stored file its relative name, numbered per kind in order."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self._names: dict[tuple[str, str], str] = {}

    def add(self, kind: str, stored: str) -> str | None:
        """The file's relative name; None when there is none, or when it is gone
        from the storage (a lost file must not stop the rest being copied)."""
        if not stored or not default_storage.exists(stored):
            return None
        key = (kind, stored)
        if key not in self._names:
            number = self._counts.get(kind, 0) + 1
            self._counts[kind] = number
            extension = _extension(stored)
            extension = "jpg" if extension == "jpeg" else extension
            name = (
                f"cover.{extension}"
                if kind == "cover"
                else f"{kind}/{number}.{extension}"
            )
            self._names[key] = name
            self.files[name] = stored
        return self._names[key]

    @property
    def images(self) -> list[str]:
        return [name for name in self.files if name.startswith("images/")]


def _own_image_pattern() -> re.Pattern[str]:
    return re.compile(
        re.escape(settings.MEDIA_URL_PATH)
        + rf"({IMAGE_FOLDER}/[\w\-]{{1,100}}\.(?:png|jpg|jpeg|webp))"
    )


def _markdown_out(text: str, files: _Files) -> str:
    """Markdown with the platform's own lesson images as media:images/<n>."""

    def replace(match: re.Match[str]) -> str:
        name = files.add("images", match.group(1))
        # A file already gone: the link is left as it is (broken, as before).
        return f"media:{name}" if name else match.group(0)

    return _own_image_pattern().sub(replace, text or "")


def _storage_files(folder: str) -> list[str]:
    try:
        folders, names = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = [f"{folder}/{name}" for name in sorted(names)]
    for sub in sorted(folders):
        found.extend(_storage_files(f"{folder}/{sub}"))
    return found


def _h5p_out(content: Content, number: int, files: _Files) -> dict[str, Any]:
    paths = []
    root = f"{content.folder}/"
    for stored in _storage_files(f"{content.folder}/content"):
        path = stored.removeprefix(root)
        if path == "content/content.json" or not H5P_FILE.fullmatch(path):
            continue
        paths.append(path)
        files.files[h5p_file_name(number, path)] = stored
    libraries = sorted(library_key(each) for each in content.libraries.all())
    return {
        "title": content.title,
        "main_library": library_key(content.main_library),
        "libraries": libraries,
        "h5p_json": content.h5p_json,
        "content_json": content.content_json,
        "files": paths,
    }


def _quiz_out(quiz: Quiz, refs: dict[int, str]) -> dict[str, Any]:
    return {
        "title": quiz.title,
        "selection": quiz.selection,
        "draw_count": quiz.draw_count,
        "shuffle_choices": quiz.shuffle_choices,
        "display": quiz.display,
        "pass_mark": quiz.pass_mark,
        "max_attempts": quiz.max_attempts,
        "time_limit_minutes": quiz.time_limit_minutes,
        "review_policy": quiz.review_policy,
        "questions": [
            refs[link.question_id]
            for link in quiz.pool.all()
            if link.question_id in refs
        ],
    }


def _question_out(question: Question, ref: str, files: _Files) -> dict[str, Any]:
    image = files.add("questions", question.image.name)
    return {
        "ref": ref,
        "kind": question.kind,
        "text_markdown": _markdown_out(question.text_markdown, files),
        "feedback_markdown": _markdown_out(question.feedback_markdown, files),
        "image": image,
        "image_alt": question.image_alt if image else "",
        "accepted_answers": list(question.accepted_answers or []),
        "number_answer": _decimal_text(question.number_answer),
        "number_tolerance": _decimal_text(question.number_tolerance) or "0",
        "competence_codes": list(question.competence_codes or []),
        "choices": [
            {
                "text": choice.text,
                "is_correct": choice.is_correct,
                "feedback": choice.feedback,
                "match_text": choice.match_text,
            }
            for choice in question.choices.all()
        ],
    }


def _lesson_out(
    lesson: Lesson, refs: dict[int, str], files: _Files, h5p_count: list[int]
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": lesson.kind,
        "title": lesson.title,
        "minutes": lesson.minutes,
        "required": lesson.required,
    }
    if lesson.kind == Lesson.Kind.QUIZ:
        data["quiz"] = _quiz_out(lesson.quiz, refs)
    elif lesson.kind == Lesson.Kind.H5P:
        h5p_count[0] += 1
        data["h5p"] = _h5p_out(lesson.h5p_content, h5p_count[0], files)
    else:
        data.update(
            body_markdown=_markdown_out(lesson.body_markdown, files),
            audio=files.add("audio", lesson.audio.name),
            audio_transcript=lesson.audio_transcript,
            video=files.add("video", lesson.video.name),
            video_transcript=lesson.video_transcript,
        )
    return data


def course_document(course: Course) -> CourseDocument:
    """The course, its modules, lessons, media, question bank, quizzes and H5P
    activities as a document (8 queries, whatever the size)."""
    course = Course.objects.select_related("author_organisation").get(pk=course.pk)
    competences = (
        CourseCompetence.objects.filter(course=course)
        .select_related("competence")
        .order_by("competence__code")
    )
    questions = (
        Question.objects.filter(bank_id=course.question_bank_id)
        .order_by("id")
        .prefetch_related(
            Prefetch("choices", Choice.objects.order_by("position", "id"))
        )
        if course.question_bank_id
        else Question.objects.none()
    )
    lessons = (
        Lesson.objects.order_by("position", "id")
        .select_related("quiz", "h5p_content__main_library")
        .prefetch_related(
            Prefetch("quiz__pool", QuizQuestion.objects.order_by("position", "id")),
            "h5p_content__libraries",
        )
    )
    modules = course.modules.order_by("position", "id").prefetch_related(
        Prefetch("lessons", lessons)
    )
    files = _Files()
    refs = {}
    question_data = []
    for number, question in enumerate(questions, start=1):
        refs[question.pk] = f"q{number}"
        question_data.append(_question_out(question, refs[question.pk], files))
    h5p_count = [0]
    module_data = [
        {
            "title": module.title,
            "unlock_in_order": module.unlock_in_order,
            "lessons": [
                _lesson_out(lesson, refs, files, h5p_count)
                for lesson in module.lessons.all()
            ],
        }
        for module in modules
    ]
    organisation = course.author_organisation
    cover = files.add("cover", course.cover_image.name)
    course_data = {
        "title": course.title,
        "summary": course.summary,
        "description_markdown": _markdown_out(course.description_markdown, files),
        "language": course.language,
        "level_band": course.level_band,
        "duration_hours": _decimal_text(Decimal(course.duration_hours)),
        "certificate_validity_months": course.certificate_validity_months,
        "cover": cover,
        "cover_alt": course.cover_alt if cover else "",
        "competences": [
            {"code": each.competence.code, "level": each.level} for each in competences
        ],
        "licence": course.licence,
        "organisation": organisation.name if organisation is not None else "",
        "url": f"{settings.SITE_URL}{course.get_absolute_url()}",
        "attribution": (
            {
                "title": course.attribution_title,
                "organisation": course.attribution_organisation,
                "licence": course.attribution_licence,
                "url": course.attribution_url,
            }
            if course.has_attribution
            else None
        ),
    }
    data = {
        "format": FORMAT,
        "version": VERSION,
        "course": course_data,
        "images": files.images,
        "modules": module_data,
        "questions": question_data,
    }
    return CourseDocument(data=data, files=dict(files.files))


# --- Checking a document ---


class _Check:
    """Walks the data and collects every problem with the path of its field."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.messages.append(f"{path} : {message}")

    def keys(self, value: Any, path: str, required: Iterable[str], optional=()) -> bool:
        """A dict with exactly these keys (optional ones may be missing)."""
        if not isinstance(value, dict):
            self.error(path, _("un objet {…} est attendu."))
            return False
        required, optional = set(required), set(optional)
        for key in sorted(set(value) - required - optional, key=str):
            self.error(f"{path}.{key}", _("champ inconnu, refusé."))
        for key in sorted(required - set(value)):
            self.error(f"{path}.{key}", _("champ manquant."))
        return not (set(value) - required - optional) and required <= set(value)

    def text(
        self, value: Any, path: str, max_length: int, *, blank: bool = True
    ) -> bool:
        if not isinstance(value, str):
            self.error(path, _("un texte est attendu."))
        elif len(value) > max_length:
            self.error(
                path,
                _("%(max)s signes au plus (il y en a %(count)s).")
                % {"max": max_length, "count": len(value)},
            )
        elif not blank and not value.strip():
            self.error(path, _("ce texte ne peut pas être vide."))
        else:
            return True
        return False

    def integer(
        self, value: Any, path: str, low: int, high: int, *, null: bool = False
    ) -> bool:
        if value is None and null:
            return True
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, _("un nombre entier est attendu."))
        elif not low <= value <= high:
            self.error(
                path,
                _("un nombre entre %(low)s et %(high)s est attendu.")
                % {"low": low, "high": high},
            )
        else:
            return True
        return False

    def boolean(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            self.error(path, _("vrai (true) ou faux (false) est attendu."))
            return False
        return True

    def choice(self, value: Any, path: str, values: Iterable[str]) -> bool:
        if not isinstance(value, str) or value not in set(values):
            self.error(path, _("valeur non admise."))
            return False
        return True

    def decimal(
        self,
        value: Any,
        path: str,
        *,
        digits: int,
        places: int,
        null: bool = False,
        positive: bool = False,
        signed: bool = False,
    ) -> bool:
        if value is None and null:
            return True
        try:
            number = Decimal(value) if isinstance(value, str) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.error(path, _('un nombre écrit comme un texte ("1.5") est attendu.'))
            return False
        exponent = number.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        whole = len(str(abs(int(number)))) if abs(number) >= 1 else 0
        if decimals > places or whole > digits - places:
            self.error(path, _("ce nombre est trop grand ou trop précis."))
            return False
        if (positive and number <= 0) or (number < 0 and not signed):
            self.error(path, _("un nombre positif est attendu."))
            return False
        return True

    def name(self, value: Any, path: str, pattern: re.Pattern[str]) -> bool:
        if value is None:
            return True
        if not isinstance(value, str) or not pattern.fullmatch(value):
            self.error(path, _("nom de fichier non admis."))
            return False
        return True

    def items(self, value: Any, path: str, max_items: int) -> list[Any]:
        if not isinstance(value, list):
            self.error(path, _("une liste […] est attendue."))
            return []
        if len(value) > max_items:
            self.error(path, _("%(max)s éléments au plus.") % {"max": max_items})
            return []
        return value

    def json(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            self.error(path, _("un objet {…} est attendu."))
            return
        try:
            size = len(json.dumps(value, allow_nan=False).encode("utf-8"))
        except (TypeError, ValueError, RecursionError):
            self.error(path, _("ce contenu n'est pas du JSON valide."))
            return
        if size > MAX_H5P_JSON_BYTES:
            self.error(path, _("ce contenu est trop lourd."))


def _max(model: type[models.Model], name: str) -> int:
    """The length the model allows for a field."""
    return model._meta.get_field(name).max_length


def _alt_text(check: _Check, image: Any, alt: Any, path: str, model) -> None:
    """An image's alternative text: within the model's length, and given."""
    limit = _max(model, path.rsplit(".", 1)[-1])
    if check.text(alt, path, limit) and image is not None and not alt.strip():
        check.error(path, _("l'image a besoin de sa description."))


def _markdown(check: _Check, value: Any, path: str, images: set[str]) -> None:
    if check.text(value, path, MAX_MARKDOWN_CHARS):
        for name in MARKDOWN_IMAGE.findall(value):
            if name not in images:
                check.error(
                    path,
                    _("l'image « %(name)s » n'est pas dans la liste des images.")
                    % {"name": name},
                )


COURSE_KEYS = (
    "title", "summary", "description_markdown", "language", "level_band",
    "duration_hours", "certificate_validity_months", "cover", "cover_alt",
    "competences", "licence", "organisation", "url", "attribution",
)  # fmt: skip
ATTRIBUTION_KEYS = ("title", "organisation", "licence", "url")


def _check_course(check: _Check, data: Any, images: set[str]) -> None:
    path = "course"
    if not check.keys(data, path, COURSE_KEYS):
        return
    check.text(data["title"], f"{path}.title", _max(Course, "title"), blank=False)
    check.text(data["summary"], f"{path}.summary", _max(Course, "summary"), blank=False)
    _markdown(
        check, data["description_markdown"], f"{path}.description_markdown", images
    )
    check.choice(data["language"], f"{path}.language", dict(settings.LANGUAGES))
    check.choice(data["level_band"], f"{path}.level_band", ProficiencyBand.values)
    check.decimal(
        data["duration_hours"], f"{path}.duration_hours", digits=4, places=1,
        positive=True,
    )  # fmt: skip
    check.integer(
        data["certificate_validity_months"],
        f"{path}.certificate_validity_months",
        1,
        600,
        null=True,
    )
    check.name(data["cover"], f"{path}.cover", COVER_NAME)
    _alt_text(check, data["cover"], data["cover_alt"], f"{path}.cover_alt", Course)
    codes = set()
    for index, row in enumerate(
        check.items(data["competences"], f"{path}.competences", MAX_COMPETENCES)
    ):
        where = f"{path}.competences[{index}]"
        if check.keys(row, where, ("code", "level")):
            if isinstance(row["code"], str) and COMPETENCE_CODE.fullmatch(row["code"]):
                if row["code"] in codes:
                    check.error(f"{where}.code", _("compétence en double."))
                codes.add(row["code"])
            else:
                check.error(f"{where}.code", _("ce n'est pas un code DigComp."))
            check.integer(row["level"], f"{where}.level", 1, 8)
    check.choice(data["licence"], f"{path}.licence", ["", *Licence.values])
    check.text(data["organisation"], f"{path}.organisation", 200)
    check.text(data["url"], f"{path}.url", _max(Course, "attribution_url"))
    attribution = data["attribution"]
    if attribution is not None:
        where = f"{path}.attribution"
        if check.keys(attribution, where, ATTRIBUTION_KEYS):
            check.text(attribution["title"], f"{where}.title", 200, blank=False)
            check.text(attribution["organisation"], f"{where}.organisation", 200)
            check.choice(attribution["licence"], f"{where}.licence", Licence.values)
            check.text(
                attribution["url"], f"{where}.url", _max(Course, "attribution_url")
            )


QUESTION_KEYS = (
    "ref", "kind", "text_markdown", "feedback_markdown", "image", "image_alt",
    "accepted_answers", "number_answer", "number_tolerance", "competence_codes",
    "choices",
)  # fmt: skip
CHOICE_KEYS = ("text", "is_correct", "feedback", "match_text")
CHOICE_KINDS = {"single", "multiple", "true_false", "ordering", "matching"}


def _check_choices(check: _Check, question: dict, path: str) -> None:
    choices = check.items(question["choices"], f"{path}.choices", MAX_CHOICES)
    for index, choice in enumerate(choices):
        where = f"{path}.choices[{index}]"
        if check.keys(choice, where, CHOICE_KEYS):
            check.text(
                choice["text"], f"{where}.text", _max(Choice, "text"), blank=False
            )
            check.boolean(choice["is_correct"], f"{where}.is_correct")
            check.text(
                choice["feedback"], f"{where}.feedback", _max(Choice, "feedback")
            )
            check.text(
                choice["match_text"], f"{where}.match_text", _max(Choice, "match_text")
            )
    kind = question["kind"]
    if kind not in CHOICE_KINDS:
        if choices:
            check.error(f"{path}.choices", _("ce type de question n'a pas de choix."))
        return
    if len(choices) < 2:
        check.error(f"{path}.choices", _("il faut au moins deux réponses."))
        return
    correct = sum(1 for c in choices if isinstance(c, dict) and c.get("is_correct"))
    if kind in {"single", "true_false"} and correct != 1:
        check.error(f"{path}.choices", _("exactement une bonne réponse est attendue."))
    if kind == "multiple" and correct < 1:
        check.error(f"{path}.choices", _("au moins une bonne réponse est attendue."))
    if kind == "matching" and any(
        isinstance(c, dict) and not c.get("match_text") for c in choices
    ):
        check.error(f"{path}.choices", _("chaque élément a besoin de son associé."))


def _check_question(check: _Check, question: Any, path: str, images: set[str]) -> None:
    if not check.keys(question, path, QUESTION_KEYS):
        return
    check.choice(question["kind"], f"{path}.kind", Question.Kind.values)
    _markdown(check, question["text_markdown"], f"{path}.text_markdown", images)
    if (
        isinstance(question["text_markdown"], str)
        and not question["text_markdown"].strip()
    ):
        check.error(f"{path}.text_markdown", _("ce texte ne peut pas être vide."))
    _markdown(check, question["feedback_markdown"], f"{path}.feedback_markdown", images)
    check.name(question["image"], f"{path}.image", QUESTION_IMAGE_NAME)
    _alt_text(
        check, question["image"], question["image_alt"], f"{path}.image_alt", Question
    )
    answers = check.items(
        question["accepted_answers"], f"{path}.accepted_answers", MAX_ACCEPTED_ANSWERS
    )
    for index, answer in enumerate(answers):
        check.text(
            answer, f"{path}.accepted_answers[{index}]", MAX_ACCEPTED_ANSWER_CHARS,
            blank=False,
        )  # fmt: skip
    if question["kind"] == "short_text" and not answers:
        check.error(f"{path}.accepted_answers", _("au moins une réponse est attendue."))
    # An answer may be below zero (a temperature); a tolerance may not.
    check.decimal(
        question["number_answer"], f"{path}.number_answer", digits=18, places=6,
        null=True, signed=True,
    )  # fmt: skip
    check.decimal(
        question["number_tolerance"], f"{path}.number_tolerance", digits=18, places=6
    )
    if question["kind"] == "number" and question["number_answer"] is None:
        check.error(f"{path}.number_answer", _("la bonne réponse manque."))
    for index, code in enumerate(
        check.items(question["competence_codes"], f"{path}.competence_codes", 30)
    ):
        if not isinstance(code, str) or not QUESTION_COMPETENCE_CODE.fullmatch(code):
            check.error(
                f"{path}.competence_codes[{index}]", _("ce n'est pas un code DigComp.")
            )
    _check_choices(check, question, path)


QUIZ_KEYS = (
    "title", "selection", "draw_count", "shuffle_choices", "display", "pass_mark",
    "max_attempts", "time_limit_minutes", "review_policy", "questions",
)  # fmt: skip


def _check_quiz(check: _Check, quiz: Any, path: str, bank: set[str]) -> None:
    if not check.keys(quiz, path, QUIZ_KEYS):
        return
    check.text(quiz["title"], f"{path}.title", _max(Quiz, "title"), blank=False)
    check.choice(quiz["selection"], f"{path}.selection", Quiz.Selection.values)
    check.integer(quiz["draw_count"], f"{path}.draw_count", 1, 1000, null=True)
    check.boolean(quiz["shuffle_choices"], f"{path}.shuffle_choices")
    check.choice(quiz["display"], f"{path}.display", Quiz.Display.values)
    check.integer(quiz["pass_mark"], f"{path}.pass_mark", 0, 100)
    check.integer(quiz["max_attempts"], f"{path}.max_attempts", 1, 1000, null=True)
    check.integer(
        quiz["time_limit_minutes"], f"{path}.time_limit_minutes", 1, 1440, null=True
    )
    check.choice(
        quiz["review_policy"], f"{path}.review_policy", Quiz.ReviewPolicy.values
    )
    refs = check.items(quiz["questions"], f"{path}.questions", MAX_QUESTIONS)
    seen = set()
    for index, ref in enumerate(refs):
        where = f"{path}.questions[{index}]"
        if not isinstance(ref, str) or ref not in bank:
            check.error(
                where,
                _("la question « %(ref)s » n'est pas dans la banque de questions.")
                % {"ref": str(ref)[:20]},
            )
        elif ref in seen:
            check.error(where, _("question en double."))
        seen.add(ref)
    if quiz["selection"] == Quiz.Selection.RANDOM:
        draw = quiz["draw_count"]
        if draw is None:
            check.error(
                f"{path}.draw_count", _("le nombre de questions tirées manque.")
            )
        elif isinstance(draw, int) and draw > len(refs):
            check.error(f"{path}.draw_count", _("il n'y a pas assez de questions."))


H5P_KEYS = ("title", "main_library", "libraries", "h5p_json", "content_json", "files")


def _check_h5p(check: _Check, h5p: Any, path: str) -> None:
    if not check.keys(h5p, path, H5P_KEYS):
        return
    check.text(h5p["title"], f"{path}.title", _max(Content, "title"), blank=False)
    keys = set()
    for index, key in enumerate(
        check.items(h5p["libraries"], f"{path}.libraries", 200)
    ):
        if not isinstance(key, str) or not LIBRARY_KEY.fullmatch(key):
            check.error(
                f"{path}.libraries[{index}]", _("nom de bibliothèque non admis.")
            )
        else:
            keys.add(key)
    main = h5p["main_library"]
    if not isinstance(main, str) or not LIBRARY_KEY.fullmatch(main):
        check.error(f"{path}.main_library", _("nom de bibliothèque non admis."))
    elif main not in keys:
        check.error(f"{path}.main_library", _("absente de la liste des bibliothèques."))
    check.json(h5p["h5p_json"], f"{path}.h5p_json")
    check.json(h5p["content_json"], f"{path}.content_json")
    seen = set()
    limit = settings.H5P_MAX_ENTRIES
    for index, name in enumerate(check.items(h5p["files"], f"{path}.files", limit)):
        where = f"{path}.files[{index}]"
        if (
            not isinstance(name, str)
            or not H5P_FILE.fullmatch(name)
            or ".." in name
            or name == "content/content.json"
        ):
            check.error(where, _("nom de fichier non admis."))
        elif name in seen:
            check.error(where, _("fichier en double."))
        seen.add(name)


LESSON_KEYS = ("kind", "title", "minutes", "required")
TEXT_KEYS = (
    "body_markdown", "audio", "audio_transcript", "video", "video_transcript"
)  # fmt: skip


def _check_lesson(
    check: _Check, lesson: Any, path: str, bank: set[str], images: set[str]
) -> None:
    if not isinstance(lesson, dict):
        check.error(path, _("un objet {…} est attendu."))
        return
    kind = lesson.get("kind")
    extra = {"text": TEXT_KEYS, "quiz": ("quiz",), "h5p": ("h5p",)}.get(kind)
    if extra is None:
        check.error(f"{path}.kind", _("valeur non admise."))
        return
    if not check.keys(lesson, path, (*LESSON_KEYS, *extra)):
        return
    check.text(lesson["title"], f"{path}.title", _max(Lesson, "title"), blank=False)
    check.integer(lesson["minutes"], f"{path}.minutes", 1, 240)
    check.boolean(lesson["required"], f"{path}.required")
    if kind == "quiz":
        _check_quiz(check, lesson["quiz"], f"{path}.quiz", bank)
    elif kind == "h5p":
        _check_h5p(check, lesson["h5p"], f"{path}.h5p")
    else:
        _markdown(check, lesson["body_markdown"], f"{path}.body_markdown", images)
        for media, pattern in (("audio", AUDIO_NAME), ("video", VIDEO_NAME)):
            check.name(lesson[media], f"{path}.{media}", pattern)
            transcript = lesson[f"{media}_transcript"]
            where = f"{path}.{media}_transcript"
            if (
                check.text(transcript, where, MAX_MARKDOWN_CHARS)
                and lesson[media] is not None
                and not transcript.strip()
            ):
                check.error(where, _("la transcription est nécessaire."))


def document_validate(data: Any) -> dict[str, Any]:
    """The document when its structure is right; ValidationError listing every
    problem, in French, with the path of each field, otherwise."""
    check = _Check()
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(
            _("Ce fichier n'est pas un module de la plateforme."), code="format"
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValidationError(
            _("La version de ce fichier n'est pas lisible."), code="version"
        )
    if version > VERSION:
        raise ValidationError(
            _(
                "Cette archive vient d'une version plus récente de la plateforme. "
                "Mettez la plateforme à jour, ou exportez le module à nouveau depuis "
                "une version égale ou plus ancienne."
            ),
            code="newer_version",
        )
    if check.keys(
        data,
        "document",
        ("format", "version", "course", "images", "modules", "questions"),
    ):
        images = set()
        for index, name in enumerate(check.items(data["images"], "images", MAX_IMAGES)):
            if check.name(name, f"images[{index}]", IMAGE_NAME) and name is not None:
                images.add(name)
        _check_course(check, data["course"], images)
        bank = set()
        for index, question in enumerate(
            check.items(data["questions"], "questions", MAX_QUESTIONS)
        ):
            where = f"questions[{index}]"
            ref = question.get("ref") if isinstance(question, dict) else None
            if not isinstance(ref, str) or not QUESTION_REF.fullmatch(ref):
                check.error(f"{where}.ref", _("référence non admise."))
            elif ref in bank:
                check.error(f"{where}.ref", _("référence en double."))
            else:
                bank.add(ref)
            _check_question(check, question, where, images)
        for m, module in enumerate(
            check.items(data["modules"], "modules", MAX_MODULES)
        ):
            where = f"modules[{m}]"
            if not check.keys(module, where, ("title", "unlock_in_order", "lessons")):
                continue
            check.text(
                module["title"], f"{where}.title", _max(Module, "title"), blank=False
            )
            check.boolean(module["unlock_in_order"], f"{where}.unlock_in_order")
            lessons = check.items(
                module["lessons"], f"{where}.lessons", MAX_LESSONS_PER_MODULE
            )
            for index, lesson in enumerate(lessons):
                _check_lesson(check, lesson, f"{where}.lessons[{index}]", bank, images)
    if check.messages:
        raise ValidationError(check.messages[:50], code="invalid_document")
    return data


# --- Building a new course from a document ---


def _missing_file(name: str) -> ValidationError:
    return ValidationError(
        _("Le fichier « %(name)s » manque : le module ne peut pas être créé."),
        params={"name": name},
        code="missing_file",
    )


def _spooled(open_file: OpenFile, name: str, limit: int) -> File:
    """The named file, read once (at most limit + 1 bytes) into a temporary file."""
    try:
        handle = open_file(name)
    except (KeyError, OSError) as error:
        raise _missing_file(name) from error
    spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115
    with handle:
        while chunk := handle.read(64 * 1024):
            spool.write(chunk)
            if spool.tell() > limit:
                break
    spool.seek(0)
    copy = File(spool, name=name.rsplit("/", 1)[-1])
    copy.size = spool.seek(0, 2)
    spool.seek(0)
    return copy


def _stored_copy(
    open_file: OpenFile, name: str, check: Callable[[File], str], folder: str
) -> str:
    """Checks the file by its content (as an upload) and stores it under a new
    random name in the folder."""
    limit = {
        image_check: settings.LESSON_IMAGE_MAX_BYTES,
        audio_check: settings.LESSON_AUDIO_MAX_BYTES,
        video_check: settings.LESSON_VIDEO_MAX_BYTES,
    }[check]
    with _spooled(open_file, name, limit) as copy:
        try:
            extension = check(copy)
        except ValidationError as error:
            raise ValidationError(
                _("Le fichier « %(name)s » est refusé : %(reason)s"),
                params={"name": name, "reason": " ".join(error.messages)},
                code="bad_file",
            ) from error
        return upload_store(upload=copy, folder=folder, extension=extension)


def _files_copy(data: dict[str, Any], open_file: OpenFile, written: list[str]) -> dict:
    """Every file the document names (H5P's aside), copied: relative -> stored."""
    wanted: list[tuple[str, Callable, str]] = []
    course = data["course"]
    if course["cover"]:
        wanted.append((course["cover"], image_check, COVER_FOLDER))
    wanted.extend((name, image_check, IMAGE_FOLDER) for name in data["images"])
    for module in data["modules"]:
        for lesson in module["lessons"]:
            if lesson["kind"] == Lesson.Kind.TEXT:
                if lesson["audio"]:
                    wanted.append((lesson["audio"], audio_check, AUDIO_FOLDER))
                if lesson["video"]:
                    wanted.append((lesson["video"], video_check, VIDEO_FOLDER))
    for question in data["questions"]:
        if question["image"]:
            wanted.append((question["image"], image_check, QUESTION_IMAGE_FOLDER))
    stored: dict[str, str] = {}
    for name, check, folder in wanted:
        if name not in stored:
            stored[name] = _stored_copy(open_file, name, check, folder)
            written.append(stored[name])
    return stored


def _h5p_entries(data: dict[str, Any]) -> list[H5PEntry]:
    entries = []
    for module in data["modules"]:
        for lesson in module["lessons"]:
            if lesson["kind"] == Lesson.Kind.H5P:
                number = len(entries) + 1
                h5p = lesson["h5p"]
                names = {path: h5p_file_name(number, path) for path in h5p["files"]}
                entries.append(H5PEntry(number=number, data=h5p, file_names=names))
    return entries


def _library_lookup(keys: Iterable[str]) -> dict[str, Library]:
    """Installed libraries by document key, in one query."""
    condition = models.Q(pk__in=[])
    for key in set(keys):
        name, major, minor = LIBRARY_KEY.fullmatch(key).groups()
        condition |= models.Q(machine_name=name, major=int(major), minor=int(minor))
    return {library_key(row): row for row in Library.objects.filter(condition)}


def _storage_save(name: str, content: File) -> str:
    if default_storage.exists(name):  # left behind by a content deleted long ago
        default_storage.delete(name)
    saved = default_storage.save(name, content)
    if saved != name:
        default_storage.delete(saved)
        raise RuntimeError(f"storage stored {name!r} as {saved!r}")
    return saved


def _folder_delete(folder: str) -> None:
    for name in _storage_files(folder):
        default_storage.delete(name)


def h5p_contents_copy(
    entries: Sequence[H5PEntry], open_file: OpenFile, owner
) -> list[Content]:
    """New H5P contents for the entries, sharing the installed libraries and
    copying h5p.json, content.json and the content files (3 queries for any
    number). For documents read from this platform's own rows only: the JSON is
    kept as it is (it was sanitised when the package was installed)."""
    from h5p.validation import CONTENT_EXTENSIONS

    if not entries:
        return []
    libraries = _library_lookup(
        key for entry in entries for key in entry.data["libraries"]
    )
    missing = sorted(
        {key for e in entries for key in e.data["libraries"] if key not in libraries}
    )
    if missing:
        raise ValidationError(
            _(
                "Ces bibliothèques H5P ne sont pas installées sur la plateforme : "
                "%(names)s. Demandez à l'équipe de les installer."
            ),
            params={"names": ", ".join(missing)},
            code="h5p_library_missing",
        )
    now = timezone.now()
    contents = Content.objects.bulk_create(
        Content(
            title=entry.data["title"],
            main_library=libraries[entry.data["main_library"]],
            uploaded_by=owner,
            h5p_json=entry.data["h5p_json"],
            content_json=entry.data["content_json"],
            created_at=now,
        )
        for entry in entries
    )
    Content.libraries.through.objects.bulk_create(
        Content.libraries.through(content_id=content.pk, library_id=library.pk)
        for content, entry in zip(contents, entries, strict=True)
        for library in {libraries[key] for key in entry.data["libraries"]}
    )
    try:
        for content, entry in zip(contents, entries, strict=True):
            _h5p_files_write(content, entry, open_file, CONTENT_EXTENSIONS)
    except BaseException:
        for content in contents:
            _folder_delete(content.folder)
        raise
    return contents


def _h5p_files_write(
    content: Content, entry: H5PEntry, open_file: OpenFile, extensions
) -> None:
    for name, data in (
        ("h5p.json", entry.data["h5p_json"]),
        ("content/content.json", entry.data["content_json"]),
    ):
        text = json.dumps(data, ensure_ascii=False).encode("utf-8")
        _storage_save(f"{content.folder}/{name}", ContentFile(text))
    for path, relative in entry.file_names.items():
        if _extension(path) not in extensions:
            raise ValidationError(
                _("Le fichier « %(name)s » de l'activité H5P n'est pas admis."),
                params={"name": path},
                code="bad_file",
            )
        with _spooled(open_file, relative, settings.H5P_MAX_FILE_BYTES) as copy:
            if copy.size > settings.H5P_MAX_FILE_BYTES:
                raise ValidationError(
                    _("Le fichier « %(name)s » est trop lourd."),
                    params={"name": path},
                    code="file_too_big",
                )
            _storage_save(f"{content.folder}/{path}", copy)


def _markdown_in(text: str, stored: dict[str, str], path: str) -> tuple[str, str]:
    """(Markdown with the new image names, its sanitised HTML)."""
    text = MARKDOWN_IMAGE.sub(
        lambda match: f"{settings.MEDIA_URL_PATH}{stored[match.group(1)]}", text
    )
    try:
        return text, render_markdown(text)
    except ValidationError as error:
        raise ValidationError(
            [f"{path} : {message}" for message in error.messages], code="markdown"
        ) from error


def _free_slug(title: str) -> str:
    """A slug no course has (one query)."""
    base = slugify(title)[:70].strip("-") or "module"
    taken = set(
        Course.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def document_attribution(data: dict[str, Any]) -> Attribution | None:
    """Whom a course built from this document credits: the course itself when it
    was shared under a licence, else the course it was copied from, if any."""
    course = data["course"]
    if course["licence"]:
        return Attribution(
            title=course["title"],
            organisation=course["organisation"],
            licence=course["licence"],
            url=course["url"],
        )
    if course["attribution"]:
        return Attribution(**course["attribution"])
    return None


def _competences(rows: list[dict[str, Any]]) -> dict[str, Competence]:
    codes = [row["code"] for row in rows]
    found = {
        each.code: each
        for each in Competence.objects.in_framework().filter(code__in=codes)
    }
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            _("Compétences DigComp inconnues : %(codes)s."),
            params={"codes": ", ".join(unknown)},
            code="unknown_competence",
        )
    return found


def _course_row(
    data: dict[str, Any],
    stored: dict[str, str],
    *,
    owner,
    based_on: Course | None,
    attribution: Attribution | None,
    bank: QuestionBank | None,
) -> Course:
    course = data["course"]
    description, description_html = _markdown_in(
        course["description_markdown"], stored, "course.description_markdown"
    )
    row = Course(
        title=course["title"].strip(),
        slug=_free_slug(course["title"]),
        summary=course["summary"].strip(),
        description_markdown=description,
        description_html=description_html,
        renderer_version=RENDERER_VERSION,
        language=course["language"],
        level_band=course["level_band"],
        duration_hours=Decimal(course["duration_hours"]),
        certificate_validity_months=course["certificate_validity_months"],
        cover_image=stored.get(course["cover"] or "", ""),
        cover_alt=course["cover_alt"] if course["cover"] else "",
        status=Course.Status.DRAFT,
        question_bank=bank,
        author_organisation=getattr(owner, "organisation", None),
        based_on=based_on,
    )
    if attribution is not None:
        row.attribution_title = attribution.title[:200]
        row.attribution_organisation = attribution.organisation[:200]
        row.attribution_licence = attribution.licence
        row.attribution_url = attribution.url[:300]
    row.save()
    return row


def _questions_rows(
    data: dict[str, Any], stored: dict[str, str], bank: QuestionBank
) -> dict[str, Question]:
    rows, choices = [], []
    for index, question in enumerate(data["questions"]):
        path = f"questions[{index}]"
        text, text_html = _markdown_in(
            question["text_markdown"], stored, f"{path}.text_markdown"
        )
        feedback, feedback_html = _markdown_in(
            question["feedback_markdown"], stored, f"{path}.feedback_markdown"
        )
        number = question["number_answer"]
        rows.append(
            Question(
                bank=bank,
                kind=question["kind"],
                text_markdown=text,
                text_html=text_html,
                renderer_version=RENDERER_VERSION,
                image=stored.get(question["image"] or "", ""),
                image_alt=question["image_alt"] if question["image"] else "",
                feedback_markdown=feedback,
                feedback_html=feedback_html,
                accepted_answers=list(question["accepted_answers"]),
                number_answer=Decimal(number) if number is not None else None,
                number_tolerance=Decimal(question["number_tolerance"]),
                competence_codes=list(question["competence_codes"]),
            )
        )
    rows = Question.objects.bulk_create(rows)
    for row, question in zip(rows, data["questions"], strict=True):
        choices.extend(
            Choice(question=row, position=position, **choice)
            for position, choice in enumerate(question["choices"])
        )
    Choice.objects.bulk_create(choices)
    return {q["ref"]: row for q, row in zip(data["questions"], rows, strict=True)}


def _quizzes_rows(
    quizzes: list[dict[str, Any]], bank: QuestionBank, questions: dict[str, Question]
) -> list[Quiz]:
    rows = Quiz.objects.bulk_create(
        Quiz(
            bank=bank,
            **{key: value for key, value in quiz.items() if key != "questions"},
        )
        for quiz in quizzes
    )
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=row, question=questions[ref], position=position)
        for row, quiz in zip(rows, quizzes, strict=True)
        for position, ref in enumerate(quiz["questions"], start=1)
    )
    return rows


def _modules_rows(
    data: dict[str, Any],
    course: Course,
    stored: dict[str, str],
    quizzes: list[Quiz],
    contents: list[Content],
) -> None:
    modules = Module.objects.bulk_create(
        Module(
            course=course,
            title=module["title"].strip(),
            unlock_in_order=module["unlock_in_order"],
            position=position,
        )
        for position, module in enumerate(data["modules"])
    )
    quiz_rows, content_rows, lessons = iter(quizzes), iter(contents), []
    for m, (module, module_data) in enumerate(
        zip(modules, data["modules"], strict=True)
    ):
        for position, lesson in enumerate(module_data["lessons"]):
            row = Lesson(
                module=module,
                kind=lesson["kind"],
                title=lesson["title"].strip(),
                minutes=lesson["minutes"],
                required=lesson["required"],
                position=position,
            )
            if lesson["kind"] == Lesson.Kind.QUIZ:
                row.quiz = next(quiz_rows)
            elif lesson["kind"] == Lesson.Kind.H5P:
                row.h5p_content = next(content_rows)
            else:
                path = f"modules[{m}].lessons[{position}].body_markdown"
                row.body_markdown, row.body_html = _markdown_in(
                    lesson["body_markdown"], stored, path
                )
                row.renderer_version = RENDERER_VERSION
                for media in ("audio", "video"):
                    if lesson[media]:
                        setattr(row, media, stored[lesson[media]])
                        setattr(
                            row, f"{media}_transcript", lesson[f"{media}_transcript"]
                        )
            lessons.append(row)
    Lesson.objects.bulk_create(lessons)


H5PContents = Callable[[Sequence[H5PEntry], OpenFile, Any], list[Content]]


def course_build(
    *,
    data: dict[str, Any],
    open_file: OpenFile,
    owner,
    based_on: Course | None = None,
    attribution: Attribution | None = None,
    h5p_contents: H5PContents = h5p_contents_copy,
) -> Course:
    """A new draft course taught by `owner`, built from a document: all of it, or
    nothing (no row, no file left behind).

    `open_file(relative_name)` returns a readable binary file (a context manager)
    for each name the document mentions, or raises KeyError/OSError when it has
    none. `attribution` defaults to ``document_attribution(data)``. `based_on`
    links a copy to the course it was copied from. `h5p_contents(entries,
    open_file, owner)` makes one H5P content per entry, in order (see the module
    docstring). Raises ValidationError (French messages) for a bad document, a
    missing or refused file, an unknown competence or H5P library. Queries:
    17 with the default hook (savepoints included), whatever the number of
    lessons, questions or H5P activities (SQLite splits a bulk insert past 999
    parameters, PostgreSQL never)."""
    data = document_validate(data)
    if attribution is None:
        attribution = document_attribution(data)
    competences = _competences(data["course"]["competences"])
    written: list[str] = []
    contents: list[Content] = []
    try:
        stored = _files_copy(data, open_file, written)
        with transaction.atomic():
            contents = h5p_contents(_h5p_entries(data), open_file, owner)
            quizzes = [
                lesson["quiz"]
                for module in data["modules"]
                for lesson in module["lessons"]
                if lesson["kind"] == Lesson.Kind.QUIZ
            ]
            bank = None
            if data["questions"] or quizzes:
                bank = QuestionBank.objects.create(title=data["course"]["title"][:200])
            course = _course_row(
                data, stored, owner=owner, based_on=based_on,
                attribution=attribution, bank=bank,
            )  # fmt: skip
            Course.trainers.through.objects.create(course=course, user=owner)
            CourseCompetence.objects.bulk_create(
                CourseCompetence(
                    course=course,
                    competence=competences[row["code"]],
                    level=row["level"],
                )
                for row in data["course"]["competences"]
            )
            questions = _questions_rows(data, stored, bank) if bank else {}
            quiz_rows = _quizzes_rows(quizzes, bank, questions) if bank else []
            _modules_rows(data, course, stored, quiz_rows, contents)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        for content in contents:
            _folder_delete(content.folder)
        raise
    return course


def storage_open_file(files: dict[str, str]) -> OpenFile:
    """open_file for a document read on this platform: its files in the storage."""

    def open_file(name: str) -> IO[bytes]:
        return default_storage.open(files[name], "rb")

    return open_file


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
