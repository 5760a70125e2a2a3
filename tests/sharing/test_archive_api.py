"""Course archive API: export what one teaches, import as a draft, refusals."""

import io
import zipfile

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from courses.models import Course
from tests.factories import LearnerFactory
from tests.sharing import archives as a
from tests.sharing.factories import h5p_libraries_install, rich_course, trainer_of

pytestmark = pytest.mark.django_db

IMPORT = reverse("api-course-archive-import")


@pytest.fixture
def course():
    h5p_libraries_install()
    return rich_course()


@pytest.fixture
def api():
    return APIClient()


def _export(course) -> str:
    return reverse("api-course-archive-export", args=[course.pk])


def test_api_archive_export_for_a_trainer_of_the_course(api, course):
    api.force_authenticate(course.trainers.get())
    response = api.get(_export(course))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{course.slug}.sirius-course.zip"'
    )
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "course.json" in names.namelist()


def test_api_archive_export_other_trainer_404_learner_403(api, course):
    api.force_authenticate(trainer_of())
    assert api.get(_export(course)).status_code == 404
    api.force_authenticate(LearnerFactory())
    assert api.get(_export(course)).status_code == 403


def test_api_archive_import_201_with_the_draft(api, course):
    trainer = trainer_of()
    api.force_authenticate(trainer)
    upload = a.upload(a.archive_bytes(course))
    response = api.post(IMPORT, {"archive": upload}, format="multipart")
    assert response.status_code == 201
    imported = Course.objects.get(pk=response.json()["id"])
    assert response.json() == {
        "id": imported.pk,
        "slug": imported.slug,
        "title": course.title,
        "status": "draft",
        "teach_url": f"/teach/courses/{imported.pk}/",
    }
    assert list(imported.trainers.all()) == [trainer]


def test_api_archive_import_400_lists_every_reason(api, course):
    api.force_authenticate(trainer_of())
    data = a.rezip(
        a.archive_bytes(course), {"files/cover.png": None, "files/x.txt": b"x"}
    )
    response = api.post(IMPORT, {"archive": a.upload(data)}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {
        "archive": [
            "L'archive contient un fichier que le module n'utilise pas : "
            "« files/x.txt ».",
            "Le fichier « files/cover.png » manque dans l'archive.",
        ]
    }
    assert Course.objects.count() == 1


def test_api_archive_import_413_past_the_limit(api, settings):
    settings.COURSE_ARCHIVE_MAX_BYTES = 1024 * 1024
    api.force_authenticate(trainer_of())
    upload = a.upload(b"PK" + bytes(2 * 1024 * 1024))
    response = api.post(IMPORT, {"archive": upload}, format="multipart")
    assert response.status_code == 413
    assert response.json() == {"detail": "Ce fichier est trop lourd (1 Mo au plus)."}


def test_api_archive_import_learner_403(api):
    api.force_authenticate(LearnerFactory())
    response = api.post(IMPORT, {}, format="multipart")
    assert response.status_code == 403


def test_api_archive_schema_documents_both_operations(client):
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    assert set(paths["/api/v1/course-archives/"]) == {"post"}
    assert set(paths["/api/v1/course-archives/{id}/"]) == {"get"}
    export = paths["/api/v1/course-archives/{id}/"]["get"]
    assert "application/zip" in export["responses"]["200"]["content"]
