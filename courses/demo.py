"""Demo courses from fixtures/demo/courses/<slug>/, loaded or refreshed in place.

Rows are matched by slug and by position, so running again updates them and keeps
every learner's enrolments and progress.
"""

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile

from core.markdown import RENDERER_VERSION, render_markdown
from h5p import services as h5p_services
from members.models import User
from quizzes import services as question_services
from quizzes.models import Question
from skills.models import Competence

from . import selectors, services
from .h5p import services as course_h5p_services
from .models import Course, CourseCompetence, Lesson, Module
from .quiz import services as quiz_services


def demo_course_folders() -> list[Path]:
    """The course folders of the demo content, in slug order."""
    root = Path(settings.BASE_DIR) / "fixtures" / "demo" / "courses"
    return sorted(path for path in root.iterdir() if (path / "course.json").is_file())


def _markdown(folder: Path, name: str) -> tuple[str, str]:
    text = (folder / name).read_text(encoding="utf-8")
    return text, render_markdown(text)


def demo_course_load(folder: Path, *, users: dict[str, User]) -> Course:
    """Creates or updates one course, its competences, modules and lessons."""
    data = json.loads((folder / "course.json").read_text(encoding="utf-8"))
    description, description_html = _markdown(folder, data["description"])
    course, _created = Course.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "title": data["title"],
            "summary": data["summary"],
            "description_markdown": description,
            "description_html": description_html,
            "renderer_version": RENDERER_VERSION,
            "language": data["language"],
            "level_band": data["level_band"],
            "duration_hours": Decimal(data["duration_hours"]),
            "status": Course.Status.PUBLISHED,
        },
    )
    course.trainers.set([users[name] for name in data["trainers"]])
    _load_competences(course, data["competences"])
    for position, module_data in enumerate(data["modules"], start=1):
        _load_module(course, folder, position, module_data)
    course.modules.filter(position__gt=len(data["modules"])).delete()
    _load_quiz(course, folder)
    return course


def _load_competences(course: Course, rows: list[dict]) -> None:
    codes = [row["code"] for row in rows]
    competences = {
        competence.code: competence
        for competence in Competence.objects.in_framework().filter(code__in=codes)
    }
    if len(competences) != len(set(codes)):
        raise ImproperlyConfigured(
            f"{course.slug}: DigComp 2.2 competences missing; run the migrations."
        )
    for row in rows:
        CourseCompetence.objects.update_or_create(
            course=course,
            competence=competences[row["code"]],
            defaults={"level": row["level"]},
        )
    course.course_competences.exclude(competence__code__in=codes).delete()


def _load_module(course: Course, folder: Path, position: int, data: dict) -> None:
    module, _created = Module.objects.update_or_create(
        course=course,
        position=position,
        defaults={"title": data["title"], "unlock_in_order": data["unlock_in_order"]},
    )
    for lesson_position, row in enumerate(data["lessons"], start=1):
        body, body_html = _markdown(folder, row["file"])
        Lesson.objects.update_or_create(
            module=module,
            position=lesson_position,
            defaults={
                "title": row["title"],
                "kind": Lesson.Kind.TEXT,
                "body_markdown": body,
                "body_html": body_html,
                "renderer_version": RENDERER_VERSION,
                "minutes": row["minutes"],
                "required": row["required"],
            },
        )
    module.lessons.filter(
        position__gt=len(data["lessons"]), kind=Lesson.Kind.TEXT
    ).delete()


def _question_arguments(row: dict) -> dict:
    """A quiz.json question as quizzes.services.question_create() arguments."""
    arguments = {
        "kind": row["kind"],
        "text_markdown": row["text"],
        "feedback_markdown": row.get("feedback", ""),
        "competence_codes": row.get("competences", []),
    }
    kind = row["kind"]
    if kind in ("single", "multiple"):
        arguments["choices"] = [
            {"text": c["text"], "is_correct": c["correct"], "feedback": c["feedback"]}
            for c in row["choices"]
        ]
    elif kind == "true_false":
        arguments["answer"] = row["answer"]
    elif kind == "short_text":
        arguments["accepted_answers"] = row["accepted"]
    elif kind == "number":
        arguments["number_answer"] = row["answer"]
        arguments["number_tolerance"] = row.get("tolerance", "0")
    elif kind == "ordering":
        arguments["choices"] = [{"text": item} for item in row["items"]]
    elif kind == "matching":
        arguments["choices"] = [
            {"text": item, "match_text": match} for item, match in row["pairs"]
        ]
    return arguments


def _load_quiz(course: Course, folder: Path) -> None:
    """The course's final quiz (quiz.json), last in its last part. A quiz that
    learners have already tried keeps its questions, so their attempts stay true."""
    path = folder / "quiz.json"
    module = course.modules.order_by("position").last()
    if not path.is_file() or module is None:
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    settings = {
        name: data[name]
        for name in (
            "pass_mark",
            "max_attempts",
            "time_limit_minutes",
            "review_policy",
            "shuffle_choices",
        )
    }
    fields = {"title": data["lesson_title"], "minutes": data["minutes"]}
    lesson = module.lessons.filter(kind=Lesson.Kind.QUIZ).first()
    if lesson is None:
        lesson = quiz_services.quiz_lesson_create(module=module, **fields, **settings)
    elif lesson.quiz.attempts.exists():
        return
    else:
        quiz_services.quiz_lesson_update(
            lesson=lesson, required=True, **fields, **settings
        )
    Lesson.objects.filter(pk=lesson.pk).update(
        position=module.lessons.filter(kind=Lesson.Kind.TEXT).count() + 1
    )
    old = list(lesson.quiz.questions.values_list("pk", flat=True))
    bank = quiz_services.course_question_bank(course=course)
    questions = [
        question_services.question_create(bank=bank, **_question_arguments(row))
        for row in data["questions"]
    ]
    question_services.quiz_questions_set(quiz=lesson.quiz, questions=questions)
    Question.objects.filter(pk__in=old).delete()


def demo_course_links(folder: Path) -> None:
    """Prerequisites and other language versions, once every course exists."""
    data = json.loads((folder / "course.json").read_text(encoding="utf-8"))
    course = Course.objects.get(slug=data["slug"])
    course.prerequisites.set(Course.objects.filter(slug__in=data["prerequisites"]))
    course.other_language_versions.set(
        Course.objects.filter(slug__in=data.get("other_language_versions", []))
    )


def demo_courses_load(*, users: dict[str, User]) -> list[Course]:
    """Every demo course, then the links between them."""
    folders = demo_course_folders()
    courses = [demo_course_load(folder, users=users) for folder in folders]
    for folder in folders:
        demo_course_links(folder)
    return courses


# Our own content type (fixtures/h5p/sirius-check, MIT), played at the end of
# the first part of this course; optional, so no count of required steps moves.
DEMO_H5P_COURSE = "reperer-arnaques"


def demo_h5p_package() -> SimpleUploadedFile:
    """fixtures/h5p/sirius-check zipped in memory as a .h5p package: h5p.json,
    content/content.json and the H5P.SiriusCheck-1.0 library folder."""
    folder = Path(settings.BASE_DIR) / "fixtures" / "h5p" / "sirius-check"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(folder / "h5p.json", "h5p.json")
        archive.write(folder / "content.json", "content/content.json")
        for path in sorted((folder / "H5P.SiriusCheck-1.0").rglob("*")):
            if path.is_file():
                archive.write(path, str(path.relative_to(folder)))
    return SimpleUploadedFile(
        "sirius-check.h5p", buffer.getvalue(), content_type="application/zip"
    )


def demo_h5p_lesson_load(*, staff: User) -> Lesson | None:
    """Installs the demo activity as staff and places it, once, at the end of the
    first part of DEMO_H5P_COURSE (after its text lessons)."""
    module = (
        Module.objects.filter(course__slug=DEMO_H5P_COURSE).order_by("position").first()
    )
    if module is None:
        return None
    lesson = module.lessons.filter(kind=Lesson.Kind.H5P).first()
    if lesson is None:
        content = h5p_services.package_install(upload=demo_h5p_package(), user=staff)
        lesson = course_h5p_services.h5p_lesson_create(
            module=module,
            title=content.title,
            minutes=2,
            required=False,
            content=content,
        )
    Lesson.objects.filter(pk=lesson.pk).update(
        position=module.lessons.filter(kind=Lesson.Kind.TEXT).count() + 1
    )
    return lesson


def demo_learner_halfway(*, learner: User, slug: str) -> None:
    """Enrols the learner and finishes the first half of the required lessons."""
    course = Course.objects.get(slug=slug)
    enrollment = services.enrollment_create(user=learner, course=course)
    syllabus = selectors.course_syllabus(course=course, user=learner)
    required = [lesson for lesson in syllabus.lessons if lesson.required]
    for lesson in required[: len(required) // 2]:
        services.lesson_complete(enrollment=enrollment, lesson=lesson)
