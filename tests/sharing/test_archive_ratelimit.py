"""COURSE_ARCHIVE_RATE_LIMIT: imports and exports by one trainer, pages and API
together; past it, 429 with Retry-After and when to come back, nothing imported.

The cache (where the counters live) is emptied around every test (tests/conftest.py).
"""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from courses.models import Course
from sharing.ratelimit import archive_limited_message
from tests.factories import LearnerFactory
from tests.sharing import archives as a
from tests.sharing.factories import rich_course, trainer_of

pytestmark = pytest.mark.django_db

IMPORT = reverse("archives:course-import")
API_IMPORT = reverse("api-course-archive-import")
LIMITED = "Vous avez importé ou exporté beaucoup de modules en peu de temps."


@pytest.fixture(autouse=True)
def _two_an_hour(settings):
    settings.COURSE_ARCHIVE_RATE_LIMIT = "2/h"


@pytest.fixture
def course():
    return rich_course(lessons=1, questions=2, h5p=0)


@pytest.fixture
def archive(course) -> bytes:
    return a.archive_bytes(course)


def _export(course) -> str:
    return reverse("archives:course-export", args=[course.pk])


def _api_export(course) -> str:
    return reverse("api-course-archive-export", args=[course.pk])


def _retry_after(response) -> int:
    assert "Retry-After" in response
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 3600
    return seconds


def test_ratelimit_page_third_import_refused_nothing_stored(
    client, archive, media_root
):
    """Two imports go through; the third answers 429 with the form again and
    when to come back, and stores no course and no file."""
    client.force_login(trainer_of())
    for _ in range(2):
        assert client.post(IMPORT, {"archive": a.upload(archive)}).status_code == 302
    courses, files = Course.objects.count(), a.files_count(media_root)

    response = client.post(IMPORT, {"archive": a.upload(archive)})

    html = response.content.decode()
    assert response.status_code == 429
    wait = _retry_after(response)
    assert f'<p role="alert">{archive_limited_message(wait)}' in html
    assert "Réessayez dans" in html
    assert "Votre archive n'a pas été importée : rien n'est enregistré." in html
    assert 'type="file" name="archive"' in html  # the form, to come back later
    assert "Exportez le module à nouveau" not in html  # not a refused archive
    assert Course.objects.count() == courses
    assert a.files_count(media_root) == files


def test_ratelimit_page_another_trainer_not_affected(client, archive):
    client.force_login(trainer_of())
    for _ in range(2):
        client.post(IMPORT, {"archive": a.upload(archive)})
    assert client.post(IMPORT, {"archive": a.upload(archive)}).status_code == 429

    other = trainer_of()
    client.force_login(other)
    assert client.post(IMPORT, {"archive": a.upload(archive)}).status_code == 302
    assert Course.objects.filter(trainers=other).count() == 1


def test_ratelimit_page_form_stays_open(client, archive):
    """Past the limit, the import page itself still opens: only posts count."""
    client.force_login(trainer_of())
    for _ in range(3):
        client.post(IMPORT, {"archive": a.upload(archive)})
    response = client.get(IMPORT)
    assert response.status_code == 200
    assert LIMITED not in response.content.decode()


def test_ratelimit_page_third_export_refused(client, course):
    """The third download answers a page saying when to come back, not a zip."""
    client.force_login(course.trainers.get())
    for _ in range(2):
        assert client.get(_export(course)).status_code == 200

    response = client.get(_export(course))

    html = response.content.decode()
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    wait = _retry_after(response)
    assert f'<p role="alert">{archive_limited_message(wait)}</p>' in html
    assert reverse("teach:course-detail", args=[course.pk]) in html


def test_ratelimit_export_link_shows_the_refusal(client, course):
    """The course page's export link is a plain link: a refusal is a page the
    trainer reads, not a failed download (the zip still comes as an attachment)."""
    client.force_login(course.trainers.get())
    html = client.get(reverse("teach:course-detail", args=[course.pk])).content
    assert f'href="{_export(course)}">'.encode() in html


def test_ratelimit_imports_and_exports_count_together(client, course, archive):
    """One export and one import, page and API mixed, use up "2/h"."""
    trainer = course.trainers.get()
    client.force_login(trainer)
    api = APIClient()
    api.force_authenticate(trainer)
    assert client.get(_export(course)).status_code == 200
    response = api.post(API_IMPORT, {"archive": a.upload(archive)}, format="multipart")
    assert response.status_code == 201

    assert client.get(_export(course)).status_code == 429
    assert api.get(_api_export(course)).status_code == 429
    assert client.post(IMPORT, {"archive": a.upload(archive)}).status_code == 429
    response = api.post(API_IMPORT, {"archive": a.upload(archive)}, format="multipart")
    assert response.status_code == 429
    assert Course.objects.count() == 2


def test_ratelimit_refused_attempts_do_not_count(client, course, archive):
    """Visits of the form, someone else's course (404), posts without the CSRF
    token and learners' attempts (403) leave the trainer's quota whole."""
    trainer = trainer_of()
    client.force_login(trainer)
    other_course = rich_course(lessons=1, questions=2, h5p=0, title="Autre")
    for _ in range(3):
        assert client.get(IMPORT).status_code == 200
        assert client.get(_export(other_course)).status_code == 404
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(trainer)
    for _ in range(3):
        response = forged.post(IMPORT, {"archive": a.upload(archive)})
        assert response.status_code == 403
    learner = LearnerFactory()
    client.force_login(learner)
    for _ in range(3):
        assert client.post(IMPORT, {"archive": a.upload(archive)}).status_code == 403

    client.force_login(trainer)
    for _ in range(2):
        assert client.post(IMPORT, {"archive": a.upload(archive)}).status_code == 302


def test_ratelimit_api_third_import_429_with_detail(archive, media_root):
    trainer = trainer_of()
    api = APIClient()
    api.force_authenticate(trainer)
    for _ in range(2):
        response = api.post(
            API_IMPORT, {"archive": a.upload(archive)}, format="multipart"
        )
        assert response.status_code == 201
    courses, files = Course.objects.count(), a.files_count(media_root)

    response = api.post(API_IMPORT, {"archive": a.upload(archive)}, format="multipart")

    assert response.status_code == 429
    wait = _retry_after(response)
    assert response.json() == {"detail": archive_limited_message(wait)}
    assert response.json()["detail"].startswith(LIMITED)
    assert Course.objects.count() == courses
    assert a.files_count(media_root) == files

    api.force_authenticate(trainer_of())
    response = api.post(API_IMPORT, {"archive": a.upload(archive)}, format="multipart")
    assert response.status_code == 201


def test_ratelimit_api_third_export_429_with_detail(course):
    api = APIClient()
    api.force_authenticate(course.trainers.get())
    for _ in range(2):
        assert api.get(_api_export(course)).status_code == 200

    response = api.get(_api_export(course))

    assert response.status_code == 429
    wait = _retry_after(response)
    assert response.json() == {"detail": archive_limited_message(wait)}


def test_ratelimit_api_learners_do_not_count(archive):
    """A learner's refused post (403) spends nothing; it is answered 403, not 429."""
    api = APIClient()
    api.force_authenticate(LearnerFactory())
    for _ in range(3):
        response = api.post(
            API_IMPORT, {"archive": a.upload(archive)}, format="multipart"
        )
        assert response.status_code == 403


def test_ratelimit_schema_documents_429(client):
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    assert "429" in paths["/api/v1/course-archives/"]["post"]["responses"]
    assert "429" in paths["/api/v1/course-archives/{id}/"]["get"]["responses"]


@pytest.mark.parametrize(
    ("wait", "words"),
    [
        (1, "Réessayez dans 1 minute."),
        (60, "Réessayez dans 1 minute."),
        (61, "Réessayez dans 2 minutes."),
        (3600, "Réessayez dans 60 minutes."),
        (3601, "Réessayez dans 2 heures."),
        (86400, "Réessayez dans 24 heures."),
    ],
)
def test_ratelimit_message_rounds_up(wait, words):
    """Never sooner than the limit allows: minutes up to an hour, then hours."""
    message = archive_limited_message(wait)
    assert message == f"{LIMITED} {words}"
