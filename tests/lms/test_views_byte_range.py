"""Sound and video play on iPhones: files answer Range requests with the part asked
for (206), and a range past the end with 416; the whole file stays the default."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from h5p.services import package_install
from tests.factories import StaffFactory
from tests.h5p import packages as p
from tests.stories.factories import MP3, PublishedStoryFactory

pytestmark = pytest.mark.django_db

SOUND = bytes(range(256)) * 40  # 10 240 bytes, every offset recognisable


@pytest.fixture
def recording(settings, tmp_path) -> str:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SERVE_MEDIA = True
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "a.mp3").write_bytes(SOUND)
    return "/media/lessons/a.mp3"


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_views_byte_range_whole_file_says_ranges_are_accepted(client, recording):
    response = client.get(recording)

    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(SOUND))
    assert _body(response) == SOUND


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-1", 0, 1),  # what Safari asks first
        ("bytes=100-", 100, len(SOUND) - 1),
        ("bytes=-500", len(SOUND) - 500, len(SOUND) - 1),
        ("bytes=9000-999999", 9000, len(SOUND) - 1),  # clipped to the end
        ("bytes=-999999", 0, len(SOUND) - 1),
    ],
)
def test_views_byte_range_partial_content(client, recording, header, start, end):
    """The player gets exactly the bytes it asked for, and where they sit."""
    response = client.get(recording, HTTP_RANGE=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(SOUND)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Content-Type"] == "audio/mpeg"
    assert _body(response) == SOUND[start : end + 1]


def test_views_byte_range_past_the_end_is_416(client, recording):
    response = client.get(recording, HTTP_RANGE="bytes=20000-")

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(SOUND)}"


@pytest.mark.parametrize(
    "header",
    ["bytes=5-2", "bytes=0-1,5-9", "items=0-1", "bytes=abc", "bytes=-", "nonsense"],
)
def test_views_byte_range_anything_else_gets_the_whole_file(client, recording, header):
    """A range we do not serve (reversed, several, other units, garbage) is
    ignored, as the standard allows: never an error page."""
    response = client.get(recording, HTTP_RANGE=header)

    assert response.status_code == 200
    assert _body(response) == SOUND


def test_views_byte_range_if_range_that_does_not_match_gets_the_whole_file(
    client, recording
):
    """A player resuming an older copy gets the current file whole."""
    response = client.get(
        recording,
        HTTP_RANGE="bytes=0-1",
        HTTP_IF_RANGE="Wed, 21 Oct 2015 07:28:00 GMT",
    )

    assert response.status_code == 200
    assert _body(response) == SOUND


def test_views_byte_range_story_recording_still_checks_who_asks(
    client, settings, tmp_path
):
    """A story's recording plays in parts for its readers, and is still a 404
    for everyone once the story is no longer visible."""
    settings.MEDIA_ROOT = str(tmp_path)
    audio = default_storage.save("stories/audio/r.mp3", ContentFile(MP3))
    story = PublishedStoryFactory(audio=audio)

    response = client.get(story.audio_url, HTTP_RANGE="bytes=0-3")

    assert response.status_code == 206
    assert _body(response) == MP3[:4]
    assert response["Cache-Control"] == "private, no-store"

    story.status = story.Status.DRAFT
    story.save()
    assert client.get(story.audio_url, HTTP_RANGE="bytes=0-3").status_code == 404


def test_views_byte_range_h5p_files(client, settings, tmp_path):
    """Sound and video inside H5P activities seek the same way."""
    settings.MEDIA_ROOT = str(tmp_path)
    package_install(upload=p.good_package(), user=StaffFactory())
    path = f"/h5p/files/libraries/{p.MAIN}-1.0/scripts/check.js"

    response = client.get(path, HTTP_RANGE="bytes=2-5")

    assert response.status_code == 206
    assert _body(response) == p.MAIN_JS.encode()[2:6]
