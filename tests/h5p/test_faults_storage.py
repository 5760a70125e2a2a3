"""The media storage fills up, or turns read-only, in the middle of an H5P
upload: the trainer reads why, and nothing is left behind, neither rows nor files."""

import errno

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from courses.models import Lesson
from h5p.models import Content, Library
from h5p.services import package_install
from tests.factories import CourseFactory, ModuleFactory, StaffFactory
from tests.h5p import packages as p
from tests.h5p.conftest import files_under

pytestmark = pytest.mark.django_db

STORAGE_FAULTS = [
    pytest.param(errno.ENOSPC, id="full"),
    pytest.param(errno.EROFS, id="read-only"),
]


@pytest.fixture
def failing_storage(monkeypatch):
    """The disk accepts the first files, then refuses every write."""

    def fail_after(accepted: int, code: int):
        real_save = FileSystemStorage._save
        calls = {"n": 0}

        def save(self, name, content):
            calls["n"] += 1
            if calls["n"] > accepted:
                raise OSError(code, "No space left on device")
            return real_save(self, name, content)

        monkeypatch.setattr(FileSystemStorage, "_save", save)

    return fail_after


@pytest.mark.parametrize("code", STORAGE_FAULTS)
def test_faults_storage_h5p_install_refused_and_leaves_nothing(
    failing_storage, media_root, code
):
    failing_storage(accepted=2, code=code)

    with pytest.raises(ValidationError) as refusal:
        package_install(upload=p.good_package(), user=StaffFactory())

    assert "stockage des fichiers est plein ou en lecture seule" in str(refusal.value)
    assert not Content.objects.exists()
    assert not Library.objects.exists()
    assert files_under(media_root) == []


def test_faults_storage_h5p_upload_page_says_why(client, failing_storage, media_root):
    staff = StaffFactory()
    module = ModuleFactory(course=CourseFactory(trainers=[staff]))
    client.force_login(staff)
    failing_storage(accepted=1, code=errno.ENOSPC)

    response = client.post(
        reverse("teach:h5p-create", args=[module.pk]),
        {"title": "Vérifier", "minutes": 5, "package": p.good_package()},
    )

    assert response.status_code == 200
    assert "plein ou en lecture seule" in response.content.decode()
    assert not Lesson.objects.filter(module=module).exists()
    assert files_under(media_root) == []
