"""POST /api/v1/h5p/contents/: trainers and staff upload a package; refusals
come back as 400 with every reason."""

import pytest
from django.urls import reverse

from h5p.models import Content, Library
from tests.factories import LearnerFactory, StaffFactory, TrainerFactory
from tests.h5p import packages as p

pytestmark = pytest.mark.django_db

URL = "/api/v1/h5p/contents/"


def _post(client, upload):
    return client.post(URL, {"package": upload}, format="multipart")


def test_api_contents_url_name():
    assert reverse("api-h5p-content-create") == URL


def test_api_contents_staff_installs_package_201(client):
    """Staff: 201 with the id, the title and every library it uses."""
    client.force_login(StaffFactory())
    response = _post(client, p.good_package())
    assert response.status_code == 201, response.content
    data = response.json()
    content = Content.objects.get()
    assert data["id"] == content.pk
    assert data["title"] == "Vrai ou faux : la souris"
    assert data["libraries"] == [
        "H5P.SiriusCheck 1.0.0",
        "H5P.SiriusHelper 1.0.0",
    ]


def test_api_contents_trainer_with_installed_libraries_201(client):
    """A trainer may upload content whose libraries are installed already."""
    client.force_login(StaffFactory())
    _post(client, p.good_package())
    client.force_login(TrainerFactory())
    response = _post(client, p.good_package())
    assert response.status_code == 201
    assert Content.objects.count() == 2


def test_api_contents_trainer_missing_library_400_names_it(client):
    """A trainer's package needing libraries not installed: 400 naming them;
    nothing installed."""
    client.force_login(TrainerFactory())
    response = _post(client, p.good_package())
    assert response.status_code == 400
    reasons = " ".join(response.json()["package"])
    assert "H5P.SiriusCheck" in reasons
    assert not Content.objects.exists() and not Library.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        p.with_entry("../../x.json"),
        p.with_entry("content/evil.php", b"<?php"),
        p.upload(b"not a zip at all"),
    ],
    ids=["traversal", "php", "not-zip"],
)
def test_api_contents_hostile_package_400(client, upload):
    """Traversal, a .php file, not a zip: 400 with reasons, nothing stored."""
    client.force_login(StaffFactory())
    response = _post(client, upload)
    assert response.status_code == 400
    assert response.json()["package"]
    assert not Content.objects.exists()


def test_api_contents_without_file_400(client):
    client.force_login(StaffFactory())
    response = client.post(URL, {}, format="multipart")
    assert response.status_code == 400
    assert "package" in response.json()


def test_api_contents_over_limit_413(client, settings):
    """Past H5P_MAX_PACKAGE_BYTES: 413, the upload cut off, nothing stored."""
    settings.H5P_MAX_PACKAGE_BYTES = 1024
    client.force_login(StaffFactory())
    response = _post(client, p.good_package())
    assert response.status_code == 413
    assert not Content.objects.exists()


def test_api_contents_learner_403_visitor_refused(client):
    """A learner: 403; a visitor: 401 or 403; nothing stored."""
    assert _post(client, p.good_package()).status_code in (401, 403)
    client.force_login(LearnerFactory())
    assert _post(client, p.good_package()).status_code == 403
    assert not Content.objects.exists()


def test_api_contents_in_schema(client):
    """The operation, its multipart body and its answers are in the schema."""
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    operation = schema["paths"][URL]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert {"201", "400", "403", "413"} <= set(operation["responses"])
