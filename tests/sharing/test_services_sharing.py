"""Sharing a course, stopping, and copying a shared course deeply."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from courses import services as course_services
from courses.models import Course, Lesson, Licence
from quizzes import services as quiz_engine
from quizzes.models import Question
from sharing import services
from tests.factories import LearnerFactory, TrainerFactory
from tests.sharing.factories import (
    h5p_libraries_install,
    rich_course,
    share,
    trainer_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return trainer_of()


@pytest.fixture
def original(author):
    h5p_libraries_install()
    return rich_course(trainer=author)


def _lesson(course: Course, kind: str = "text") -> Lesson:
    return (
        Lesson.objects.filter(module__course=course, kind=kind)
        .order_by("module__position", "position")
        .first()
    )


def test_services_share_credits_the_trainers_organisation(original, author):
    services.course_share(course=original, trainer=author, licence=Licence.CC_BY)

    original.refresh_from_db()
    assert original.licence == Licence.CC_BY
    assert original.shared_at is not None
    assert original.author_organisation == author.organisation


def test_services_share_default_licence_is_cc_by_sa(original, author):
    services.course_share(course=original, trainer=author)

    original.refresh_from_db()
    assert original.licence == Licence.CC_BY_SA


def test_services_share_refused_to_a_trainer_who_does_not_teach_it(original):
    with pytest.raises(ValidationError) as error:
        services.course_share(course=original, trainer=trainer_of())

    assert error.value.code == "not_teacher"
    original.refresh_from_db()
    assert not original.is_shared


def test_services_share_needs_an_organisation(original):
    lonely = TrainerFactory(organisation=None)
    original.trainers.add(lonely)

    with pytest.raises(ValidationError) as error:
        services.course_share(course=original, trainer=lonely)

    assert "aucune organisation" in error.value.messages[0]
    original.refresh_from_db()
    assert not original.is_shared


def test_services_share_refuses_unknown_licence(original, author):
    with pytest.raises(ValidationError):
        services.course_share(course=original, trainer=author, licence="GPL")


def test_services_unshare_stops_new_copies_and_keeps_old_ones(original, author):
    share(original)
    copy = services.course_copy(source=original, trainer=trainer_of())

    services.course_unshare(course=original, trainer=author)

    with pytest.raises(ValidationError) as error:
        services.course_copy(source=original, trainer=trainer_of())
    assert error.value.code == "not_shared"
    copy.refresh_from_db()
    assert copy.attribution_title == original.title
    assert copy.based_on == original


def test_services_copy_refuses_a_course_that_is_not_shared(original):
    count = Course.objects.count()

    with pytest.raises(ValidationError) as error:
        services.course_copy(source=original, trainer=trainer_of())

    assert error.value.code == "not_shared"
    assert Course.objects.count() == count


def test_services_copy_refuses_a_learner(original):
    share(original)

    with pytest.raises(ValidationError) as error:
        services.course_copy(source=original, trainer=LearnerFactory())

    assert error.value.code == "not_trainer"


def test_services_copy_is_a_draft_of_the_copier_with_attribution(original, author):
    share(original)
    copier = trainer_of()

    copy = services.course_copy(source=original, trainer=copier)

    assert copy.status == Course.Status.DRAFT
    assert list(copy.trainers.all()) == [copier]
    assert copy.author_organisation == copier.organisation
    assert copy.slug != original.slug
    assert copy.attribution_title == original.title
    assert copy.attribution_organisation == author.organisation.name
    assert copy.attribution_licence == Licence.CC_BY_SA
    assert copy.attribution_url.endswith(original.get_absolute_url())
    assert not copy.is_shared


def test_services_copy_is_deep_edits_never_cross(original):
    """Editing the copy's lesson, question or H5P content leaves the original as
    it was, and the other way round."""
    share(original)
    copy = services.course_copy(source=original, trainer=trainer_of())

    copied_lesson = _lesson(copy)
    course_services.lesson_update(
        lesson=copied_lesson, fields={"body_markdown": "Ma version à moi."}
    )
    copied_question = Question.objects.filter(bank=copy.question_bank).first()
    quiz_engine.question_update(
        question=copied_question,
        text_markdown="Question changée ?",
        choices=[
            {"text": "A", "is_correct": True},
            {"text": "B"},
        ],
    )
    copied_h5p = _lesson(copy, "h5p").h5p_content
    copied_h5p.content_json = {"answer": "Changé"}
    copied_h5p.save()
    course_services.lesson_update(
        lesson=_lesson(original), fields={"body_markdown": "L'original bouge."}
    )

    original_question = Question.objects.filter(bank=original.question_bank).first()
    assert _lesson(original).body_markdown == "L'original bouge."
    assert _lesson(copy).body_markdown == "Ma version à moi."
    assert original_question.text_markdown != "Question changée ?"
    assert original_question.choices.count() == 3
    assert _lesson(original, "h5p").h5p_content.content_json["answer"] == "Oui"
    assert copy.question_bank_id != original.question_bank_id


def test_services_copy_has_its_own_files(original, media_root: Path):
    """Images, sounds, videos, question images and H5P files are copied, not
    shared: deleting the original's leaves the copy's."""
    share(original)
    copy = services.course_copy(source=original, trainer=trainer_of())

    lesson, copied = _lesson(original), _lesson(copy)
    assert copied.audio.name and copied.audio.name != lesson.audio.name
    assert copied.video.name != lesson.video.name
    assert copy.cover_image.name != original.cover_image.name
    assert "/media/lessons/images/" in copied.body_markdown
    assert copied.body_markdown != lesson.body_markdown
    content, copied_content = (
        _lesson(original, "h5p").h5p_content,
        _lesson(copy, "h5p").h5p_content,
    )
    assert copied_content.pk != content.pk
    assert copied_content.main_library_id == content.main_library_id
    assert (media_root / copied_content.folder / "content/images/mouse.png").is_file()
    (media_root / lesson.audio.name).unlink()
    assert (media_root / copied.audio.name).is_file()


def test_services_copy_counts_organisations_once_each(original):
    share(original)
    first, second = trainer_of(), trainer_of()
    colleague = trainer_of(organisation=first.organisation)
    for trainer in (first, second, colleague):
        services.course_copy(source=original, trainer=trainer)

    from sharing.selectors import shared_course

    assert shared_course(original.pk).organisations_using == 2


def _copy_queries(course: Course) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    share(course)
    trainer = trainer_of()
    with CaptureQueriesContext(connection) as queries:
        services.course_copy(source=course, trainer=trainer)
    return len(queries)


def test_services_copy_queries_do_not_grow_with_the_course():
    """Copying a course of 12 lessons, 14 questions and 3 H5P activities takes
    the same number of queries as one of 2 lessons, 3 questions and 1 activity."""
    h5p_libraries_install()
    small = rich_course(lessons=2, questions=3, h5p=1, title="Petit")
    big = rich_course(lessons=12, questions=14, h5p=3, title="Grand")

    assert _copy_queries(big) == _copy_queries(small) <= 30


def test_services_copy_keeps_attribution_when_the_original_is_deleted(original):
    share(original)
    copy = services.course_copy(source=original, trainer=trainer_of())
    title = original.title
    Course.objects.filter(pk=original.pk).delete()

    copy.refresh_from_db()
    assert copy.based_on is None
    assert copy.attribution_title == title
    assert copy.has_attribution


def test_services_share_a_copy_of_share_alike_keeps_its_licence(original):
    share(original, licence=Licence.CC_BY_NC_SA)
    copier = trainer_of()
    copy = services.course_copy(source=original, trainer=copier)

    with pytest.raises(ValidationError) as error:
        services.course_share(course=copy, trainer=copier, licence=Licence.CC_BY)

    assert error.value.code == "share_alike"
    services.course_share(course=copy, trainer=copier, licence=Licence.CC_BY_NC_SA)
    copy.refresh_from_db()
    assert copy.licence == Licence.CC_BY_NC_SA
    assert copy.author_organisation == copier.organisation


def test_services_copy_twice_at_once_makes_one_copy(original):
    """A double click on "Copier dans mes cours" gives one copy; a later,
    deliberate copy gives a second one."""
    from datetime import timedelta

    share(original)
    trainer = trainer_of()

    first = services.course_copy(source=original, trainer=trainer)
    again = services.course_copy(source=original, trainer=trainer)
    Course.objects.filter(pk=first.pk).update(
        created_at=first.created_at - timedelta(minutes=5)
    )
    later = services.course_copy(source=original, trainer=trainer)

    assert again.pk == first.pk
    assert later.pk != first.pk
    assert Course.objects.filter(based_on=original).count() == 2
