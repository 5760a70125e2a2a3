"""A story over 5,000 characters: no silent cut by the browser, a live counter,
and a refusal that keeps the whole text."""

import pytest

from stories.models import BODY_MAX_LENGTH, Story
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

URL = "/mes-reussites/nouvelle/"


def test_story_field_counts_instead_of_cutting(client):
    client.force_login(LearnerFactory())
    html = client.get(URL).content.decode()
    body = html[html.index('name="body"') - 200 : html.index('name="body"') + 300]
    assert " maxlength=" not in body
    assert 'data-counter="{count} / 5000 caractères"' in body


def test_story_too_long_is_refused_and_kept_whole(client):
    author = LearnerFactory()
    client.force_login(author)
    text = "a" * (BODY_MAX_LENGTH + 7)
    response = client.post(
        URL, {"title": "Trop long", "kind": "online_alone", "body": text}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "5000" in html and "5007" in html  # the limit and what was typed
    assert text in html
    assert not Story.objects.filter(author=author).exists()
