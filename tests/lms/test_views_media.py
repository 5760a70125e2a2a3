"""Uploaded files served by Django when no web server does it."""

import pytest


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "a.mp3").write_bytes(b"ID3sound")
    return "/media/lessons/a.mp3"


def test_views_media_served_with_type_and_cache(client, stored):
    """A stored recording is served with its audio type and a day of caching."""
    response = client.get(stored)

    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=86400" in response["Cache-Control"]


def test_views_media_off_is_404(client, stored, settings):
    """With DJANGO_SERVE_MEDIA=0 the web server serves files, Django never."""
    settings.SERVE_MEDIA = False

    assert client.get(stored).status_code == 404


def test_views_media_no_way_out_of_the_folder(client, stored):
    """A path that climbs out of the media folder finds nothing."""
    for path in ("/media/../manage.py", "/media/lessons/../../manage.py"):
        response = client.get(path)
        assert response.status_code in {400, 404}
        assert b"DJANGO_SETTINGS_MODULE" not in response.content


@pytest.mark.parametrize(
    "private",
    ["h5p/packages/1.h5p", "h5p/content/1/content/content.json", "certificates/a.pdf"],
)
def test_views_media_private_files_never_served_here(
    client, settings, tmp_path, private
):
    """H5P packages and certificate PDFs only leave through views that check who
    asks, even when their names are known."""
    settings.MEDIA_ROOT = str(tmp_path)
    target = tmp_path / private
    target.parent.mkdir(parents=True)
    target.write_bytes(b"secret")

    assert client.get(f"/media/{private}").status_code == 404
