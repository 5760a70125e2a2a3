"""The H5P lesson page: the player from our static files, options in a
json_script block, a Content Security Policy, the saved state, self-reported
scores; finishing the activity finishes the lesson."""

import json
import re
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from courses.h5p.services import h5p_lesson_create, h5p_lesson_upload
from courses.models import Lesson, LessonProgress
from courses.services import lesson_delete
from h5p.models import Content, Library
from h5p.selectors import content_iri
from h5p.services import package_install, state_save, statement_record
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    LessonFactory,
    ModuleFactory,
    StaffFactory,
    TrainerFactory,
)
from tests.h5p import packages as p

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def content():
    return package_install(upload=p.good_package(), user=StaffFactory())


@pytest.fixture
def lesson(content):
    return h5p_lesson_create(
        module=ModuleFactory(), title="Vrai ou faux", minutes=3, content=content
    )


@pytest.fixture
def enrollment(lesson):
    return EnrollmentFactory(course=lesson.module.course)


def _url(lesson) -> str:
    return reverse("courses:lesson-detail", args=[lesson.module.course.slug, lesson.pk])


def _options(response) -> dict:
    html = response.content.decode()
    match = re.search(
        r'<script id="h5p-options" type="application/json">(.*?)</script>', html
    )
    assert match, "no json_script block"
    return json.loads(match.group(1))


def _answered(content, raw=1):
    return {
        "id": str(uuid.uuid4()),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": content_iri(content)},
        "result": {"score": {"min": 0, "max": 1, "raw": raw, "scaled": raw}},
    }


def test_views_h5p_lesson_page_has_player_and_csp(client, enrollment, lesson, content):
    """The page loads h5p-standalone and our script from static files, with a
    policy allowing scripts from our origin only; no inline script."""
    client.force_login(enrollment.user)
    response = client.get(_url(lesson))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    for directive in (
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = response.content.decode()
    assert "/static/vendor/h5p-standalone/main.bundle.js" in html
    assert "/static/js/h5p-player.js" in html
    # Every script is either a file or the JSON options block.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "auto-évaluation" in html
    assert f'data-xapi-url="/h5p/{content.pk}/xapi/"' in html
    assert "Continuer" not in html  # finished by the activity, not by a button


def test_views_h5p_lesson_options(client, enrollment, lesson, content):
    """Content and libraries paths, frame files, the xAPI IRI, div mode."""
    client.force_login(enrollment.user)
    options = _options(client.get(_url(lesson)))
    assert options["h5pJsonPath"] == f"/h5p/files/content/{content.pk}"
    assert options["librariesPath"] == "/h5p/files/libraries"
    assert options["frameJs"] == "/static/vendor/h5p-standalone/frame.bundle.js"
    assert options["frameCss"] == "/static/vendor/h5p-standalone/styles/h5p.css"
    assert options["xAPIObjectIRI"] == content_iri(content)
    assert options["embedType"] == "div"
    assert "contentUserData" not in options
    assert "user" not in options  # H5P never posts by itself (no CSRF token)


def test_views_h5p_lesson_saved_state_restored(client, enrollment, lesson, content):
    """The learner's saved state comes back as [{"state": "<json>"}]."""
    state_save(user=enrollment.user, content=content, data='{"chosen": 1}')
    state_save(user=LearnerFactory(), content=content, data='{"chosen": 0}')
    client.force_login(enrollment.user)
    options = _options(client.get(_url(lesson)))
    assert options["contentUserData"] == [{"state": '{"chosen": 1}'}]


def test_views_h5p_lesson_text_lesson_same_policy(client, enrollment, lesson):
    """A text lesson and the H5P lesson send one policy: the player needs no
    source of its own (tests/lms/test_security_csp.py checks it in full)."""
    text = LessonFactory(module=lesson.module, position=9)
    client.force_login(enrollment.user)
    response = client.get(_url(text))
    assert response.status_code == 200
    assert (
        response["Content-Security-Policy"]
        == (client.get(_url(lesson))["Content-Security-Policy"])
    )


def test_views_h5p_lesson_other_learner_404(client, lesson):
    client.force_login(LearnerFactory())
    assert client.get(_url(lesson)).status_code == 404


def test_views_h5p_lesson_finishing_marks_done(
    client, enrollment, lesson, content, django_capture_on_commit_callbacks
):
    """A root `answered` (even scored 0) finishes the lesson; the page then says
    so and shows the best score as self-reported."""
    with django_capture_on_commit_callbacks(execute=True):
        statement_record(
            user=enrollment.user, content=content, statement=_answered(content, 0)
        )
    assert LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).exists()
    client.force_login(enrollment.user)
    html = client.get(_url(lesson)).content.decode()
    assert "Vous avez déjà terminé cette activité." in html
    assert "Votre meilleur score (auto-évaluation) : 0 sur 1." in html


def test_views_h5p_lesson_finished_elsewhere_is_not_done_here(
    enrollment, lesson, content, django_capture_on_commit_callbacks
):
    """A member who does not follow the course finishes the content (staff
    previewing it): no progress row anywhere."""
    with django_capture_on_commit_callbacks(execute=True):
        statement_record(
            user=StaffFactory(), content=content, statement=_answered(content)
        )
    assert not LessonProgress.objects.exists()


def test_views_h5p_lesson_completes_course_when_required(
    enrollment, lesson, content, django_capture_on_commit_callbacks
):
    """The course's only lesson, required: finishing it completes the course
    (by finishing, whatever the score)."""
    with django_capture_on_commit_callbacks(execute=True):
        statement_record(
            user=enrollment.user, content=content, statement=_answered(content, 0)
        )
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None


def test_services_h5p_lesson_one_lesson_per_content(lesson, content):
    """A content plays in one lesson only."""
    with pytest.raises(ValidationError):
        h5p_lesson_create(module=lesson.module, title="Encore", content=content)


def test_services_h5p_lesson_kind_needs_content(lesson):
    """The database refuses an H5P lesson without its activity."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Lesson.objects.filter(pk=lesson.pk).update(h5p_content=None)


def test_services_h5p_lesson_upload_refused_leaves_nothing(lesson):
    """A package with a .php file under content/ is refused; no content, no
    lesson."""
    before = Lesson.objects.count(), Content.objects.count()
    with pytest.raises(ValidationError):
        h5p_lesson_upload(
            module=lesson.module,
            upload=p.upload(p.build({**p.good_files(), "content/x.php": b"<?php"})),
            user=TrainerFactory(),
        )
    assert (Lesson.objects.count(), Content.objects.count()) == before


def test_services_h5p_lesson_delete_removes_untried_content(
    lesson, content, settings, django_capture_on_commit_callbacks
):
    """Deleting an H5P lesson nobody tried deletes its activity and its files;
    the libraries stay."""
    folder = Path(settings.MEDIA_ROOT) / content.folder
    assert folder.is_dir()
    with django_capture_on_commit_callbacks(execute=True):
        lesson_delete(lesson=lesson)
    assert not Content.objects.exists()
    assert not folder.exists()
    assert Library.objects.count() == 2


def test_services_h5p_lesson_delete_keeps_tried_content(lesson, content):
    """An activity someone tried stays (their attempts with it)."""
    statement_record(
        user=LearnerFactory(), content=content, statement=_answered(content)
    )
    lesson_delete(lesson=lesson)
    assert Content.objects.filter(pk=content.pk).exists()
