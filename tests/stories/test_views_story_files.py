"""A story's photo and recording reach only those who may see the story, at once."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from stories.services import story_unpublish
from tests.factories import LearnerFactory
from tests.stories.factories import MP3, PublishedStoryFactory, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(media_root):
    photo = default_storage.save("stories/photos/a1b2.png", png_upload())
    audio = default_storage.save("stories/audio/c3d4.mp3", ContentFile(MP3))
    return PublishedStoryFactory(photo=photo, photo_alt="Mon atelier", audio=audio)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_views_story_files_published_story_shows_them_to_anyone(client, story):
    page = client.get(story.get_absolute_url()).content.decode()
    assert story.photo_url in page and story.audio_url in page

    photo = client.get(story.photo_url)
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"
    assert photo["Cache-Control"] == "private, no-store"
    assert body(photo).startswith(b"\x89PNG")
    assert body(client.get(story.audio_url)) == MP3


def test_views_story_files_gone_the_moment_the_story_is_withdrawn(client, story):
    story_unpublish(story=story, actor=story.author)

    assert client.get(story.photo_url).status_code == 404
    assert client.get(story.audio_url).status_code == 404
    client.force_login(LearnerFactory())
    assert client.get(story.photo_url).status_code == 404
    client.force_login(story.author)
    assert client.get(story.photo_url).status_code == 200


def test_views_story_files_never_under_media(client, story, settings):
    """The public /media/ address does not serve them, even with media served."""
    settings.SERVE_MEDIA = True
    assert client.get(f"/media/{story.photo.name}").status_code == 404
