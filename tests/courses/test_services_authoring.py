"""Authoring services: courses, modules and lessons written by trainers."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from courses import services
from courses.models import Course, Lesson, LessonProgress, Module
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    ModuleFactory,
)

pytestmark = pytest.mark.django_db

COURSE_FIELDS = {
    "title": "Créer une adresse e-mail",
    "slug": "",
    "summary": "Pas à pas.",
    "description_markdown": "Un **module** simple.",
    "language": "fr",
    "level_band": "foundation",
    "duration_hours": 2,
}


def _png(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_services_course_create_draft_taught_by_author_with_slug(trainer):
    """A new course is a draft, taught by its author, its slug made from the title."""
    course = services.course_create(trainer=trainer, fields=COURSE_FIELDS)

    assert course.status == Course.Status.DRAFT
    assert list(course.trainers.all()) == [trainer]
    assert course.slug == "creer-une-adresse-e-mail"
    assert "<strong>module</strong>" in course.description_html
    assert course.renderer_version >= 1


def test_services_course_create_slug_unique(trainer):
    """A second course with the same title gets another slug."""
    CourseFactory(slug="creer-une-adresse-e-mail")

    course = services.course_create(trainer=trainer, fields=COURSE_FIELDS)

    assert course.slug == "creer-une-adresse-e-mail-2"


def test_services_course_create_ignores_status_and_trainers(trainer, learner):
    """Fields outside the allow-list never reach the course."""
    fields = {**COURSE_FIELDS, "status": "published", "trainers": [learner]}

    course = services.course_create(trainer=trainer, fields=fields)

    assert course.status == Course.Status.DRAFT
    assert list(course.trainers.all()) == [trainer]


def test_services_module_move_renumbers_contiguously():
    """Moving a module up swaps it with the one above; positions are 0, 1, 2."""
    course = CourseFactory()
    first, second, third = (
        ModuleFactory(course=course, position=p) for p in (3, 7, 20)
    )

    services.module_move(module=third, direction="up")

    order = list(Module.objects.filter(course=course).order_by("position"))
    assert order == [first, third, second]
    assert [m.position for m in order] == [0, 1, 2]


def test_services_lesson_move_down_and_edges():
    """A lesson moves down; moving the last one down changes nothing."""
    module = ModuleFactory()
    first, second = LessonFactory(module=module), LessonFactory(module=module)

    services.lesson_move(lesson=first, direction="down")
    services.lesson_move(lesson=first, direction="down")

    order = list(Lesson.objects.filter(module=module).order_by("position"))
    assert order == [second, first]


def test_services_lesson_create_sanitises_script():
    """Markdown with a script, a handler and a javascript: link is saved harmless."""
    module = ModuleFactory()
    body = "<script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:x)"

    lesson = services.lesson_create(
        module=module, fields={"title": "L", "minutes": 5, "body_markdown": body}
    )

    assert "<script" not in lesson.body_html
    assert "<img" not in lesson.body_html  # raw HTML is shown as text
    assert "javascript:" not in lesson.body_html


def test_services_lesson_create_refuses_5_mb_of_markdown():
    """5 MB of text is refused on the body field and nothing is saved."""
    module = ModuleFactory()

    with pytest.raises(ValidationError) as caught:
        services.lesson_create(
            module=module,
            fields={"title": "L", "minutes": 5, "body_markdown": "a" * 5_000_000},
        )

    assert "body_markdown" in caught.value.message_dict
    assert not Lesson.objects.exists()


def test_services_lesson_update_keeps_progress():
    """Editing a published lesson keeps the learners' progress rows."""
    lesson = LessonFactory()
    enrollment = EnrollmentFactory(course=lesson.module.course)
    LessonProgress.objects.create(enrollment=enrollment, lesson=lesson)

    services.lesson_update(lesson=lesson, fields={"body_markdown": "Nouveau texte"})

    assert LessonProgress.objects.filter(lesson=lesson).count() == 1
    assert "Nouveau texte" in lesson.body_html


def test_services_course_publish_refused_without_lesson():
    """A course without a lesson stays a draft, with the reason."""
    course = CourseFactory(status=Course.Status.DRAFT)

    with pytest.raises(ValidationError, match="Ajoutez au moins une leçon"):
        services.course_publish(course=course)

    course.refresh_from_db()
    assert course.status == Course.Status.DRAFT


def test_services_course_publish_refused_with_empty_lesson():
    """A text lesson without text blocks publishing and is named."""
    lesson = LessonFactory(body_markdown="  ", title="Vide")
    course = lesson.module.course
    Course.objects.filter(pk=course.pk).update(status=Course.Status.DRAFT)

    with pytest.raises(ValidationError, match="Vide"):
        services.course_publish(course=course)


def test_services_course_unpublish_keeps_progress():
    """Back to draft keeps progress rows; archive sets the status."""
    lesson = LessonFactory()
    course = lesson.module.course
    enrollment = EnrollmentFactory(course=course)
    LessonProgress.objects.create(enrollment=enrollment, lesson=lesson)

    services.course_unpublish(course=course)
    assert Course.objects.get(pk=course.pk).status == Course.Status.DRAFT
    services.course_archive(course=course)

    assert Course.objects.get(pk=course.pk).status == Course.Status.ARCHIVED
    assert LessonProgress.objects.count() == 1


def test_services_lesson_image_store_generated_name(settings, tmp_path):
    """A real PNG is stored under a generated name with its real extension."""
    settings.MEDIA_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("holiday photo.jpg", _png(), "image/jpeg")

    snippet = services.lesson_image_store(upload=upload, alt="Un écran")

    assert snippet.startswith("![Un écran](/media/lessons/images/")
    assert snippet.endswith(".png)")
    assert "holiday" not in snippet
    stored = list((tmp_path / "lessons" / "images").iterdir())
    assert len(stored) == 1 and stored[0].suffix == ".png"


def test_services_lesson_image_store_refuses_non_image(settings, tmp_path):
    """A text file named .png is refused and nothing is stored."""
    settings.MEDIA_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("x.png", b"not an image at all", "image/png")

    with pytest.raises(ValidationError, match="pas une image"):
        services.lesson_image_store(upload=upload, alt="x")

    assert not (tmp_path / "lessons").exists()


def test_services_lesson_image_store_refuses_too_wide(settings, tmp_path):
    """An image wider than the limit is refused."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.LESSON_IMAGE_MAX_PIXELS = 3
    upload = SimpleUploadedFile("x.png", _png(), "image/png")

    with pytest.raises(ValidationError, match="trop grande"):
        services.lesson_image_store(upload=upload, alt="x")
