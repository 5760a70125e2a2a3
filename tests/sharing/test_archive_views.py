"""Course archive pages: who may export, and the import form's answers."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Course
from tests.factories import LearnerFactory, StaffFactory
from tests.sharing import archives as a
from tests.sharing.factories import h5p_libraries_install, rich_course, trainer_of

pytestmark = pytest.mark.django_db

IMPORT = reverse("archives:course-import")


@pytest.fixture
def course():
    h5p_libraries_install()
    return rich_course()


def _export_url(course) -> str:
    return reverse("archives:course-export", args=[course.pk])


def test_views_archive_export_downloads_the_course(client, course):
    """A trainer of the course downloads <slug>.sirius-course.zip."""
    client.force_login(course.trainers.get())
    response = client.get(_export_url(course))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert (
        f'attachment; filename="{course.slug}.sirius-course.zip"'
        == response["Content-Disposition"]
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "course.json" in archive.namelist()
    assert "h5p/1.h5p" in archive.namelist()


def test_views_archive_export_staff_may(client, course):
    client.force_login(StaffFactory())
    assert client.get(_export_url(course)).status_code == 200


def test_views_archive_export_other_trainer_404_learner_403(client, course):
    """Another trainer's course does not exist for them; learners may not export."""
    client.force_login(trainer_of())
    assert client.get(_export_url(course)).status_code == 404
    client.force_login(LearnerFactory())
    assert client.get(_export_url(course)).status_code == 403


def test_views_archive_export_visitor_sent_to_log_in(client, course):
    response = client.get(_export_url(course))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_views_archive_teach_pages_link_export_and_import(client, course):
    """The course page offers the export, the course list the import."""
    client.force_login(course.trainers.get())
    detail = client.get(reverse("teach:course-detail", args=[course.pk]))
    assert _export_url(course) in detail.content.decode()
    listing = client.get(reverse("teach:course-list"))
    assert IMPORT in listing.content.decode()


def test_views_archive_import_form(client):
    client.force_login(trainer_of())
    response = client.get(IMPORT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Importer un module</h1>" in html
    assert 'type="file" name="archive"' in html
    assert "512 Mo au plus" in html
    assert "Exportez le module à nouveau" not in html  # only after a refusal


def test_views_archive_import_creates_a_draft_and_redirects(client, course):
    trainer = trainer_of()
    client.force_login(trainer)
    data = a.archive_bytes(course)
    response = client.post(IMPORT, {"archive": a.upload(data)}, follow=True)
    imported = Course.objects.exclude(pk=course.pk).get()
    assert response.redirect_chain == [
        (reverse("teach:course-detail", args=[imported.pk]), 302)
    ]
    assert (
        f"Le module « {course.title} » est importé (brouillon)."
        in response.content.decode()
    )
    assert imported.status == Course.Status.DRAFT
    assert list(imported.trainers.all()) == [trainer]


def test_views_archive_import_refusal_shows_every_reason(client, course):
    """The trainer stays on the page and reads each reason next to the field."""
    client.force_login(trainer_of())
    data = a.rezip(
        a.archive_bytes(course),
        {"files/video/1.mp4": None, "files/extra.txt": b"x"},
    )
    response = client.post(IMPORT, {"archive": a.upload(data)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le fichier « files/video/1.mp4 » manque dans l&#x27;archive." in html
    assert "n&#x27;utilise pas : « files/extra.txt »." in html
    assert "Exportez le module à nouveau depuis sa plateforme" in html
    assert 'aria-invalid="true"' in html
    assert Course.objects.count() == 1


def test_views_archive_import_without_file_says_so(client):
    client.force_login(trainer_of())
    response = client.post(IMPORT, {})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()


def test_views_archive_import_too_big_stopped_early(client, course, settings):
    """Past the limit, the upload is not read: 413 and the limit in words."""
    settings.COURSE_ARCHIVE_MAX_BYTES = 1024 * 1024
    client.force_login(trainer_of())
    data = b"PK" + bytes(2 * 1024 * 1024)
    response = client.post(IMPORT, {"archive": a.upload(data)})
    assert response.status_code == 413
    assert "Ce fichier est trop lourd (1 Mo au plus)." in response.content.decode()
    assert Course.objects.count() == 1


def test_views_archive_import_learner_403(client):
    client.force_login(LearnerFactory())
    assert client.get(IMPORT).status_code == 403


def test_views_archive_import_cross_site_post_refused(course):
    """Without the CSRF token, nothing is imported."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainer_of())
    response = client.post(IMPORT, {"archive": a.upload(a.archive_bytes(course))})
    assert response.status_code == 403
    assert Course.objects.count() == 1
