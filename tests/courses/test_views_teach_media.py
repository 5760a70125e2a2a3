"""Trainer pages for covers, sound and video, and deleting parts and lessons."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import Course, Lesson, LessonProgress, Module
from tests.courses.test_services_media import MP3, MP4, _png
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    ModuleFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_lesson(trainer):
    course = CourseFactory(status=Course.Status.DRAFT, trainers=[trainer])
    return LessonFactory(module=ModuleFactory(course=course))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_views_teach_media_upload_then_learner_hears_and_reads(
    client, trainer, own_lesson
):
    """The recording a trainer sends plays in the lesson, its transcript beside it."""
    client.force_login(trainer)
    response = client.post(
        reverse("teach:lesson-media", args=[own_lesson.pk]),
        {
            "audio": SimpleUploadedFile("son.mp3", MP3, "audio/mpeg"),
            "audio_transcript": "Bonjour et bienvenue.",
            "video": SimpleUploadedFile("film.mp4", MP4, "video/mp4"),
            "video_transcript": "On voit l'écran d'accueil.",
        },
    )
    assert response.status_code == 302

    course = own_lesson.module.course
    Course.objects.filter(pk=course.pk).update(status=Course.Status.PUBLISHED)
    enrollment = EnrollmentFactory(course=course)
    client.force_login(enrollment.user)
    page = client.get(own_lesson.get_absolute_url()).content.decode()

    own_lesson.refresh_from_db()
    assert (
        f'<audio controls preload="none" src="/media/{own_lesson.audio.name}"' in page
    )
    assert "<video controls" in page
    assert "Bonjour et bienvenue." in page
    assert "On voit l&#x27;écran d&#x27;accueil." in page


def test_views_teach_media_without_transcript_says_why(client, trainer, own_lesson):
    """A video without transcript is refused next to the transcript field."""
    client.force_login(trainer)
    response = client.post(
        reverse("teach:lesson-media", args=[own_lesson.pk]),
        {"video": SimpleUploadedFile("film.mp4", MP4), "video_transcript": ""},
    )

    assert response.status_code == 200
    assert "Ajoutez la transcription" in response.content.decode()
    own_lesson.refresh_from_db()
    assert not own_lesson.video


def test_views_teach_media_over_the_limit_is_413(client, trainer, own_lesson, settings):
    """A video past the limit is cut off while uploading, with the limit shown."""
    settings.LESSON_VIDEO_MAX_BYTES = 1024 * 1024
    client.force_login(trainer)
    big = SimpleUploadedFile("film.mp4", MP4 + b"\0" * 1024 * 1024, "video/mp4")

    response = client.post(
        reverse("teach:lesson-media", args=[own_lesson.pk]),
        {"video": big, "video_transcript": "Texte."},
    )

    assert response.status_code == 413
    assert "trop lourd (1 Mo au plus)" in response.content.decode()


def test_views_teach_media_and_cover_other_trainer_404_learner_403(
    client, own_lesson, learner
):
    """Another trainer's lesson or course is a 404; a learner gets a 403."""
    urls = [
        reverse("teach:lesson-media", args=[own_lesson.pk]),
        reverse("teach:course-cover", args=[own_lesson.module.course.pk]),
        reverse("teach:lesson-delete", args=[own_lesson.pk]),
        reverse("teach:module-delete", args=[own_lesson.module.pk]),
    ]
    client.force_login(TrainerFactory())
    assert [client.post(url).status_code for url in urls] == [404] * 4
    client.force_login(learner)
    assert [client.post(url).status_code for url in urls] == [403] * 4
    assert Lesson.objects.filter(pk=own_lesson.pk).exists()


def test_views_teach_cover_shown_in_catalogue_and_course_page(
    client, trainer, own_lesson
):
    """The cover appears on the course page with its description."""
    course = own_lesson.module.course
    client.force_login(trainer)
    response = client.post(
        reverse("teach:course-cover", args=[course.pk]),
        {"cover_image": SimpleUploadedFile("c.png", _png()), "cover_alt": "Un écran"},
    )
    assert response.status_code == 302
    Course.objects.filter(pk=course.pk).update(status=Course.Status.PUBLISHED)

    page = client.get(course.get_absolute_url()).content.decode()
    catalogue = client.get(reverse("courses:catalogue")).content.decode()

    course.refresh_from_db()
    assert f'src="/media/{course.cover_image.name}" alt="Un écran"' in page
    assert f'src="/media/{course.cover_image.name}" alt=""' in catalogue


def test_views_teach_cover_not_an_image_refused(client, trainer, own_lesson):
    """A file that is not an image is refused with a message, nothing saved."""
    course = own_lesson.module.course
    client.force_login(trainer)
    response = client.post(
        reverse("teach:course-cover", args=[course.pk]),
        {"cover_image": SimpleUploadedFile("c.png", MP3), "cover_alt": "Un écran"},
    )

    assert "pas une image PNG, JPEG ou WebP" in response.content.decode()
    course.refresh_from_db()
    assert not course.cover_image


def test_views_teach_delete_asks_first_then_deletes(client, trainer, own_lesson):
    """Opening the delete page changes nothing; confirming deletes the lesson."""
    client.force_login(trainer)
    url = reverse("teach:lesson-delete", args=[own_lesson.pk])

    question = client.get(url)
    assert "Oui, supprimer" in question.content.decode()
    assert Lesson.objects.filter(pk=own_lesson.pk).exists()

    response = client.post(url)
    assert response.status_code == 302
    assert not Lesson.objects.filter(pk=own_lesson.pk).exists()


def test_views_teach_delete_refused_when_learners_finished(client, trainer, own_lesson):
    """A part whose lesson was finished stays, and the page says why."""
    enrollment = EnrollmentFactory(course=own_lesson.module.course)
    LessonProgress.objects.create(enrollment=enrollment, lesson=own_lesson)
    client.force_login(trainer)

    response = client.post(reverse("teach:module-delete", args=[own_lesson.module.pk]))

    assert "ne peut plus être supprimée" in response.content.decode()
    assert Module.objects.filter(pk=own_lesson.module.pk).exists()


def test_views_teach_quiz_lesson_preview_lists_its_questions(client, trainer):
    """A quiz lesson's preview shows its questions, never their answers."""
    from tests.quizzes.factories import quiz_make

    course = CourseFactory(status=Course.Status.DRAFT, trainers=[trainer])
    quiz = quiz_make(kinds=["single", "short_text"])
    lesson = LessonFactory(module=ModuleFactory(course=course), kind="quiz", quiz=quiz)
    client.force_login(trainer)

    page = client.get(
        reverse("teach:lesson-preview", args=[lesson.pk])
    ).content.decode()

    assert "Quel bouton envoie un e-mail ?" in page
    assert "apprenant" not in page.split("quiz-preview")[1].split("</ol>")[0]


def test_views_teach_deleting_a_quiz_lesson_deletes_its_untried_quiz(client, trainer):
    """An untried quiz goes with its lesson; its questions stay in the bank."""
    from quizzes.models import Question, Quiz
    from tests.quizzes.factories import quiz_make

    course = CourseFactory(status=Course.Status.DRAFT, trainers=[trainer])
    quiz = quiz_make(kinds=["single"])
    lesson = LessonFactory(module=ModuleFactory(course=course), kind="quiz", quiz=quiz)
    client.force_login(trainer)

    client.post(reverse("teach:lesson-delete", args=[lesson.pk]))

    assert not Quiz.objects.filter(pk=quiz.pk).exists()
    assert Question.objects.filter(bank=quiz.bank).count() == 1


def test_views_teach_deleting_a_part_deletes_its_untried_quizzes(client, trainer):
    """A part's untried quizzes go with it; their questions stay in the bank."""
    from quizzes.models import Question, Quiz
    from tests.quizzes.factories import quiz_make

    course = CourseFactory(status=Course.Status.DRAFT, trainers=[trainer])
    quiz = quiz_make(kinds=["single"])
    module = ModuleFactory(course=course)
    LessonFactory(module=module, kind="quiz", quiz=quiz)
    client.force_login(trainer)

    client.post(reverse("teach:module-delete", args=[module.pk]))

    assert not Quiz.objects.filter(pk=quiz.pk).exists()
    assert Question.objects.filter(bank=quiz.bank).count() == 1


def test_views_teach_media_preview_plays_sound_and_video_like_the_lesson(
    client, trainer, own_lesson
):
    """The preview "as learners will see it" has the recording and the video."""
    client.force_login(trainer)
    client.post(
        reverse("teach:lesson-media", args=[own_lesson.pk]),
        {
            "audio": SimpleUploadedFile("son.mp3", MP3, "audio/mpeg"),
            "audio_transcript": "Bonjour et bienvenue.",
            "video": SimpleUploadedFile("film.mp4", MP4, "video/mp4"),
            "video_transcript": "On voit l'écran d'accueil.",
        },
    )
    own_lesson.refresh_from_db()

    page = client.get(
        reverse("teach:lesson-preview", args=[own_lesson.pk])
    ).content.decode()

    assert (
        f'<audio controls preload="none" src="/media/{own_lesson.audio.name}"' in page
    )
    assert f'src="/media/{own_lesson.video.name}"' in page
    assert "Bonjour et bienvenue." in page
    assert "Regarder la vidéo" in page
