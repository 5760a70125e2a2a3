"""GET /h5p/files/<path>: explicit types, nosniff, cache, attachments, no escape."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from courses.h5p.services import h5p_lesson_create
from h5p.services import package_install
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    ModuleFactory,
    StaffFactory,
)
from tests.h5p import packages as p

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    return package_install(upload=p.good_package(), user=StaffFactory())


@pytest.fixture
def player(content):
    """A learner enrolled in a course with a lesson that plays the content."""
    lesson = h5p_lesson_create(
        module=ModuleFactory(), title="Activité", content=content
    )
    return EnrollmentFactory(course=lesson.module.course).user


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_views_files_library_js_served_with_explicit_type(client, content):
    """A library's JS comes as text/javascript, nosniff, cached a week, sandboxed."""
    response = client.get(f"/h5p/files/libraries/{p.MAIN}-1.0/scripts/check.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=604800"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "attachment" not in response.get("Content-Disposition", "")
    assert _body(response) == p.MAIN_JS.encode()


def test_views_files_library_css_and_svg_types(client, content):
    """CSS as text/css; SVG as image/svg+xml under a sandboxing policy."""
    css = client.get(f"/h5p/files/libraries/{p.MAIN}-1.0/styles/check.css")
    assert css["Content-Type"] == "text/css; charset=utf-8"
    svg = client.get(f"/h5p/files/libraries/{p.MAIN}-1.0/icon.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Security-Policy"].startswith("sandbox;")
    assert "script-src" not in svg["Content-Security-Policy"]


def test_views_files_content_needs_log_in(client, content, player):
    """A content file is a 404 for a visitor and for a learner who does not
    follow a course that uses it; served to one who does."""
    url = f"/h5p/files/content/{content.pk}/content/content.json"
    assert client.get(url).status_code == 404
    client.force_login(LearnerFactory())
    assert client.get(url).status_code == 404
    client.force_login(player)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "private, max-age=3600"
    image = client.get(f"/h5p/files/content/{content.pk}/content/images/mouse.png")
    assert image["Content-Type"] == "image/png"
    assert _body(image) == p.PNG
    manifest = client.get(f"/h5p/files/content/{content.pk}/h5p.json")
    assert manifest.status_code == 200


def test_views_files_pdf_and_office_as_attachments(client, content, player):
    """PDF and office files are downloaded, never shown inline."""
    client.force_login(player)
    for name, content_type in (
        ("guide.pdf", "application/pdf"),
        (
            "fiche.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ):
        default_storage.save(
            f"h5p/content/{content.pk}/content/{name}", ContentFile(b"%PDF-1.4")
        )
        response = client.get(f"/h5p/files/content/{content.pk}/content/{name}")
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"].startswith("attachment;")


def test_views_files_unknown_or_html_extension_is_404(client, content, player):
    """A file whose type is not in the table is never served, even if stored."""
    client.force_login(player)
    for name in ("page.html", "x.svg", "run.js", "noextension"):
        default_storage.save(
            f"h5p/content/{content.pk}/content/{name}", ContentFile(b"<script>")
        )
        url = f"/h5p/files/content/{content.pk}/content/{name}"
        assert client.get(url).status_code == 404, name
    default_storage.save(
        f"h5p/libraries/{p.MAIN}-1.0/page.html", ContentFile(b"<script>")
    )
    url = f"/h5p/files/libraries/{p.MAIN}-1.0/page.html"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "libraries/../packages/1.h5p",
        "libraries/H5P.SiriusCheck-1.0/../../packages/1.h5p",
        "libraries/H5P.SiriusCheck-1.0/%2e%2e/%2e%2e/packages/1.h5p",
        "libraries/H5P.SiriusCheck-1.0/..%5c..%5cpackages%5c1.h5p",
        "content/1/../../packages/1.h5p",
        "content/1/content/..%2f..%2fh5p.json",
        "packages/1.h5p",
        "libraries/H5P.Missing-1.0/library.json",
        "content/999/h5p.json",
        "content/1/other/x.json",
        "libraries//etc/passwd.json",
    ],
)
def test_views_files_paths_out_of_the_folders_are_404(client, player, path):
    """Traversal, other folders, unknown libraries or contents: all 404."""
    client.force_login(player)
    assert client.get(f"/h5p/files/{path}").status_code == 404


def test_views_files_post_refused(client, content):
    """Files are read-only: a POST is refused."""
    url = f"/h5p/files/libraries/{p.MAIN}-1.0/scripts/check.js"
    assert client.post(url).status_code == 405
