"""Building a new draft course from a document: all of it, or nothing."""

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.markdown import RENDERER_VERSION, render_markdown
from courses.models import Course, CourseCompetence, Lesson, Module
from h5p.models import Content
from quizzes.models import Choice, Question, QuestionBank, Quiz, QuizQuestion
from skills.models import Competence

from .common import (
    MARKDOWN_IMAGE,
    Attribution,
    H5PEntry,
    OpenFile,
)
from .files import files_copy, folder_delete, h5p_contents_copy, h5p_entries
from .validate import document_validate


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
        stored = files_copy(data, open_file, written)
        with transaction.atomic():
            contents = h5p_contents(h5p_entries(data), open_file, owner)
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
            folder_delete(content.folder)
        raise
    return course
