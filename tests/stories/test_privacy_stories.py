"""Stories in "Mes données": export, consent log, and erasure with the files."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from lms import privacy
from stories.models import Story
from tests.factories import LearnerFactory, TrainerFactory
from tests.stories.conftest import stored_files
from tests.stories.factories import PublishedStoryFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_privacy_stories_export_is_own_stories_only():
    """The export carries the member's stories, not another member's."""
    member = LearnerFactory()
    StoryFactory(author=member, title="La mienne", review_comment="Bravo")
    StoryFactory(title="Pas la mienne")

    data = privacy.member_export(member)["stories"]

    assert [s["title"] for s in data["stories"]] == ["La mienne"]
    assert data["stories"][0]["review_comment"] == "Bravo"


def test_privacy_stories_consent_log_shows_approval_and_publication():
    """Approving a trainer's draft and going public are dated in the log."""
    member = LearnerFactory()
    PublishedStoryFactory(
        author=member, title="Publique", member_approved_at=timezone.now()
    )

    log = privacy.member_consent_log(member)

    whats = [entry["what"] for entry in log if entry["who"] == "Publique"]
    assert sorted(whats) == ["Brouillon de réussite approuvé", "Réussite publiée"]


def test_privacy_stories_erase_removes_stories_and_files(
    media_root, django_capture_on_commit_callbacks
):
    """Erasing the account deletes the stories and their photo and audio files;
    the page answers 404; a story the member drafted for someone else stays."""
    member = LearnerFactory()
    photo = default_storage.save("stories/photos/a.png", ContentFile(b"x"))
    audio = default_storage.save("stories/audio/a.mp3", ContentFile(b"y"))
    story = PublishedStoryFactory(
        author=member, photo=photo, photo_alt="Moi", audio=audio
    )
    trainer = TrainerFactory()
    drafted = StoryFactory(drafted_by=trainer)

    with django_capture_on_commit_callbacks(execute=True):
        privacy.member_erase(member)
        privacy.member_erase(trainer)

    assert not Story.objects.filter(pk=story.pk).exists()
    assert stored_files(media_root) == []
    drafted.refresh_from_db()
    assert drafted.drafted_by is None
