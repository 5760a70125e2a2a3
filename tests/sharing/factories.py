"""A rich course for sharing tests: every kind of lesson, question and media,
built through the authoring services (so it is what trainers really make)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from courses import services
from courses.h5p import services as h5p_services
from courses.models import Course, Licence
from courses.quiz import services as quiz_services
from h5p.services import package_install
from quizzes import services as quiz_engine
from quizzes.models import Question
from skills.models import Competence
from tests.factories import OrganisationFactory, StaffFactory, TrainerFactory
from tests.h5p import packages
from tests.quizzes.factories import QUESTION_KWARGS

# The first bytes of real files: enough for the checks by content.
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64


def png(colour: str = "teal") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), colour).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), "image/png")


def trainer_of(organisation=None, **kwargs):
    """A trainer belonging to an organisation (a new one unless given)."""
    return TrainerFactory(organisation=organisation or OrganisationFactory(), **kwargs)


def h5p_libraries_install() -> None:
    """The test package's libraries, installed by an administrator once."""
    package_install(upload=packages.good_package(), user=StaffFactory())


def rich_course(
    *,
    trainer=None,
    lessons: int = 4,
    questions: int = 7,
    h5p: int = 1,
    title: str = "Repérer les arnaques",
) -> Course:
    """A published course: a cover, `lessons` text lessons (the first with an
    image, a recording and a video), `questions` questions cycling through every
    kind (the first with an image) in two quizzes, and `h5p` H5P activities.
    The H5P libraries must be installed (h5p_libraries_install)."""
    trainer = trainer or trainer_of()
    competence = Competence.objects.in_framework().get(code="1.1")
    course = services.course_create(
        trainer=trainer,
        fields={
            "title": title,
            "summary": "Reconnaître un message piège.",
            "description_markdown": "Un module **court**.",
            "language": "fr",
            "level_band": "foundation",
            "duration_hours": 2,
        },
        competences={competence: 2},
    )
    services.course_cover_set(course=course, upload=png("navy"), alt="Un téléphone")
    module = services.module_create(course=course, title="Les messages")
    other = services.module_create(
        course=course, title="Les activités", unlock_in_order=True
    )
    image = services.lesson_image_store(upload=png(), alt="Un faux SMS")
    for number in range(lessons):
        lesson = services.lesson_create(
            module=module,
            fields={
                "title": f"Leçon {number + 1}",
                "minutes": 5,
                "body_markdown": f"Texte {number + 1}.\n\n" + ("" if number else image),
            },
        )
        if number == 0:
            services.lesson_media_set(
                lesson=lesson,
                audio=SimpleUploadedFile("son.mp3", MP3, "audio/mpeg"),
                audio_transcript="La leçon lue à voix haute.",
                video=SimpleUploadedFile("film.mp4", MP4, "video/mp4"),
                video_transcript="On voit un faux SMS.",
            )
    bank = quiz_services.course_question_bank(course=course)
    kinds = list(Question.Kind.values)
    made = []
    for number in range(questions):
        kind = kinds[number % len(kinds)]
        extra = {"image": png("red"), "image_alt": "Une alerte"} if number == 0 else {}
        made.append(
            quiz_engine.question_create(
                bank=bank,
                kind=kind,
                competence_codes=["1.1"],
                **QUESTION_KWARGS[kind],
                **extra,
            )
        )
    if made:
        first = quiz_services.quiz_lesson_create(module=other, title="Premier quiz")
        quiz_engine.quiz_questions_set(
            quiz=first.quiz, questions=made[: len(made) // 2 or 1]
        )
        second = quiz_services.quiz_lesson_create(module=other, title="Quiz final")
        quiz_engine.quiz_questions_set(quiz=second.quiz, questions=made)
        quiz_engine.quiz_update(quiz=second.quiz, selection="random", draw_count=2)
    for number in range(h5p):
        content = package_install(upload=packages.good_package(), user=trainer)
        h5p_services.h5p_lesson_create(
            module=other, title=f"Activité {number + 1}", content=content
        )
    services.course_publish(course=course)
    course.refresh_from_db()
    return course


def share(course: Course, *, licence: str = Licence.CC_BY_SA) -> Course:
    """Marks the course shared without going through the sharing service."""
    from django.utils import timezone

    trainer = course.trainers.first()
    Course.objects.filter(pk=course.pk).update(
        licence=licence,
        shared_at=timezone.now(),
        author_organisation=trainer.organisation if trainer else None,
    )
    course.refresh_from_db()
    return course
