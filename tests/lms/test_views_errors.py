"""Error pages in plain words, saying what became of the person's work."""

import io
import logging

import pytest
from django.urls import reverse

from core.logging import MaskSecrets
from tests.factories import CourseFactory, LessonFactory, ModuleFactory

pytestmark = pytest.mark.django_db


def test_views_errors_404_in_plain_words_with_a_way_home(client):
    """An unknown page says so and offers the way back home."""
    response = client.get("/courses/nulle-part/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page
    assert 'href="/"' in page


def test_views_errors_403_says_nothing_changed(client, learner):
    """A learner on a trainer page reads that nothing was changed."""
    client.force_login(learner)

    response = client.get(reverse("teach:course-list"))

    assert response.status_code == 403
    assert "Rien n'a été modifié." in response.content.decode()


def test_views_errors_400_for_a_huge_text_says_nothing_saved(client, trainer):
    """5 MB of Markdown is refused in words: nothing saved, shorten and resend."""
    lesson = LessonFactory(
        module=ModuleFactory(course=CourseFactory(trainers=[trainer]))
    )
    client.force_login(trainer)

    response = client.post(
        reverse("teach:lesson-edit", args=[lesson.pk]),
        {"title": "x", "minutes": "5", "body_markdown": "a" * 5_000_000},
    )

    assert response.status_code == 400
    assert "Rien n'a été enregistré." in response.content.decode()
    lesson.refresh_from_db()
    assert lesson.title != "x"


def test_views_errors_500_page_renders_without_a_database():
    """The server error page needs neither the database nor a logged-in user."""
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Un problème est survenu" in html


@pytest.mark.urls("tests.lms.urls_failing")
def test_views_errors_500_shows_and_logs_no_secret(client):
    """I6: a crash while a code and a password are in the request: neither the
    page nor what the project's log handler writes names them."""
    client.raise_request_exception = False
    console = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, MaskSecrets) for f in handler.filters)
    )
    written = io.StringIO()
    earlier = console.setStream(written)

    try:
        response = client.post(
            "/v/ABCD-EFGH-JKMN-P/fail/", {"password": "Sésame-ouvre-toi-2026"}
        )
    finally:
        console.setStream(earlier)

    assert response.status_code == 500
    page = response.content.decode()
    assert "Un problème est survenu" in page
    assert "ABCD-EFGH" not in page and "Sésame" not in page
    logged = written.getvalue()
    assert "Internal Server Error: /v/…" in logged
    assert "ABCD-EFGH" not in logged and "Sésame" not in logged
