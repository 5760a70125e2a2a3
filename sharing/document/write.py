"""Reading a course into a document: its data, and the files the data names."""

import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Prefetch

from core.storage import storage_files
from courses.models import Course, CourseCompetence, Lesson
from h5p.models import Content
from quizzes.models import Choice, Question, Quiz, QuizQuestion

from .common import (
    FORMAT,
    H5P_FILE,
    IMAGE_FOLDER,
    VERSION,
    CourseDocument,
    _extension,
    h5p_file_name,
    library_key,
)


def _decimal_text(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return (
        format(value.normalize(), "f")
        if value == value.to_integral()
        else str(value.normalize())
    )


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


def _h5p_out(content: Content, number: int, files: _Files) -> dict[str, Any]:
    paths = []
    root = f"{content.folder}/"
    for stored in storage_files(default_storage, f"{content.folder}/content"):
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
