"""The Content-Security-Policy: strict on every page and API answer, the H5P player
under the same policy, and files that set their own sandbox policy keep it."""

import pytest
from csp.middleware import CSPMiddleware
from django.urls import reverse

from core.files import private_file_response
from courses.h5p.services import h5p_lesson_create
from h5p.services import package_install
from tests.factories import (
    EnrollmentFactory,
    LessonFactory,
    ModuleFactory,
    StaffFactory,
    TrainerFactory,
)
from tests.h5p import packages as p

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _directives(response) -> dict[str, set[str]]:
    """The response's policy as {directive: sources}; fails when it has none."""
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def _assert_strict(response) -> None:
    assert _directives(response) == STRICT, response["Content-Security-Policy"]


@pytest.fixture
def h5p_lesson():
    content = package_install(upload=p.good_package(), user=StaffFactory())
    return h5p_lesson_create(
        module=ModuleFactory(), title="Vrai ou faux", minutes=3, content=content
    )


@pytest.mark.parametrize(
    "url",
    ["/", "/courses/", "/v/", "/accounts/login/", "/accessibilite/", "/nowhere/"],
)
def test_security_csp_visitor_pages_strict(client, url):
    """Pages, the 404 page included, send the strict policy: no inline script or
    style, no eval, no plugin, never framed."""
    _assert_strict(client.get(url))


def test_security_csp_member_pages_and_api_strict(client):
    """A learner's lesson and the JSON API carry the same policy."""
    enrollment = EnrollmentFactory()
    lesson = LessonFactory(module=ModuleFactory(course=enrollment.course))
    client.force_login(enrollment.user)
    page = client.get(
        reverse("courses:lesson-detail", args=[enrollment.course.slug, lesson.pk])
    )
    api = client.get("/api/v1/courses/")
    assert page.status_code == api.status_code == 200
    _assert_strict(page)
    _assert_strict(api)


def test_security_csp_h5p_player_pages_allow_nothing_more(client, h5p_lesson):
    """The learner's H5P lesson and the trainer's preview run the player under the
    site's policy: its scripts and styles are files of our origin (div mode, no
    inline bootstrap), so neither 'unsafe-inline' nor 'unsafe-eval'."""
    enrollment = EnrollmentFactory(course=h5p_lesson.module.course)
    client.force_login(enrollment.user)
    page = client.get(
        reverse("courses:lesson-detail", args=[enrollment.course.slug, h5p_lesson.pk])
    )
    assert b"h5p-player.js" in page.content
    _assert_strict(page)

    trainer = TrainerFactory()
    h5p_lesson.module.course.trainers.add(trainer)
    client.force_login(trainer)
    preview = client.get(reverse("teach:lesson-preview", args=[h5p_lesson.pk]))
    assert preview.status_code == 200
    _assert_strict(preview)


def test_security_csp_h5p_package_files_keep_their_sandbox(client, h5p_lesson):
    """A package file sets its own sandbox policy: the middleware leaves it."""
    response = client.get(f"/h5p/files/libraries/{p.MAIN}-1.0/icon.svg")
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert "script-src" not in response["Content-Security-Policy"]


def test_security_csp_private_file_keeps_its_sandbox(rf, tmp_path):
    """A private file (a portfolio photo, a story's recording) keeps the sandbox
    policy core.files gives it: the middleware never replaces a policy."""
    (tmp_path / "media" / "portfolios").mkdir(parents=True)
    (tmp_path / "media" / "portfolios" / "a.png").write_bytes(b"\x89PNG\r\n")
    middleware = CSPMiddleware(
        lambda request: private_file_response(request, "portfolios/a.png")
    )
    response = middleware(rf.get("/m/lea/photo"))
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_security_csp_api_docs_only_loosen_styles(client):
    """The API's Swagger page loads its start-up script as a file; only its own
    inline <style> block is allowed, on that page alone."""
    client.force_login(StaffFactory())
    page = client.get("/api/docs/")
    assert page.status_code == 200
    directives = _directives(page)
    assert directives["script-src"] == {"'self'"}
    assert directives["style-src"] == {"'self'", "'unsafe-inline'"}
    assert b"<script>" not in page.content
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
