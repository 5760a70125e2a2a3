"""Building a new draft course from a document: all of it, or nothing."""

import json
import tempfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from courses.models import Course, CourseCompetence, Lesson, Module
from h5p.models import Content, Library
from lms.markdown import RENDERER_VERSION, render_markdown
from lms.uploads import audio_check, image_check, upload_store, video_check
from quizzes.models import Choice, Question, QuestionBank, Quiz, QuizQuestion
from skills.models import Competence

from .common import (
    AUDIO_FOLDER,
    COVER_FOLDER,
    IMAGE_FOLDER,
    LIBRARY_KEY,
    MARKDOWN_IMAGE,
    QUESTION_IMAGE_FOLDER,
    VIDEO_FOLDER,
    Attribution,
    H5PEntry,
    OpenFile,
    _extension,
    _storage_files,
    h5p_file_name,
    library_key,
)
from .validate import document_validate


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
