"""content_package_write: an installed content rebuilt as a package that installs."""

import io
import json
import zipfile

import pytest

from h5p.models import Content, Library
from h5p.packaging import content_package_write
from h5p.services import package_install
from h5p.validation import package_validate
from tests.factories import StaffFactory, TrainerFactory
from tests.h5p import packages as p

pytestmark = pytest.mark.django_db


def _rebuilt(content: Content) -> io.BytesIO:
    buffer = io.BytesIO()
    content_package_write(content, buffer)
    buffer.seek(0)
    buffer.size = len(buffer.getvalue())
    return buffer


def test_packaging_content_rebuilt_package_passes_validation():
    """The rebuilt package holds h5p.json, content/ and both libraries, and passes
    the same checks as an upload, with the same main library and closure."""
    content = package_install(upload=p.good_package(), user=StaffFactory())
    package = _rebuilt(content)
    names = set(zipfile.ZipFile(package).namelist())
    assert {
        "h5p.json",
        "content/content.json",
        "content/images/mouse.png",
        f"{p.MAIN}-1.0/library.json",
        f"{p.MAIN}-1.0/semantics.json",
        f"{p.MAIN}-1.0/scripts/check.js",
        f"{p.HELPER}-1.0/helper.js",
    } <= names
    validated = package_validate(package, installed={})
    assert validated.title == "Vrai ou faux : la souris"
    assert validated.main_library == (p.MAIN, 1, 0)
    assert set(validated.closure) == {(p.MAIN, 1, 0), (p.HELPER, 1, 0)}


def test_packaging_content_carries_sanitised_parameters_and_media_bytes():
    """What travels is what was accepted: the sanitised content.json, the stored
    image byte for byte, the installed library's script."""
    hostile = {**p.CONTENT, "question": "<p>Oui<script>alert(1)</script></p>"}
    content = package_install(
        upload=p.good_package(content=hostile), user=StaffFactory()
    )
    archive = zipfile.ZipFile(_rebuilt(content))
    params = json.loads(archive.read("content/content.json"))
    assert "<script" not in params["question"]
    assert params == content.content_json
    assert archive.read("content/images/mouse.png") == p.PNG
    assert archive.read(f"{p.MAIN}-1.0/scripts/check.js") == p.MAIN_JS.encode()


def test_packaging_content_installs_on_a_fresh_instance(media_root):
    """Rebuilt, then installed once the content and its libraries are gone, the
    activity comes back with its media."""
    content = package_install(upload=p.good_package(), user=StaffFactory())
    package = _rebuilt(content)
    Content.objects.all().delete()
    Library.objects.all().delete()
    for path in media_root.rglob("*"):
        if path.is_file():
            path.unlink()
    again = package_install(upload=package, user=StaffFactory())
    assert again.content_json == content.content_json
    assert (media_root / again.folder / "content/images/mouse.png").read_bytes() == (
        p.PNG
    )


def test_packaging_content_trainer_reinstalls_with_installed_libraries():
    """A trainer may install a rebuilt package when its libraries are installed:
    a second content is created, the libraries are shared."""
    content = package_install(upload=p.good_package(), user=StaffFactory())
    again = package_install(upload=_rebuilt(content), user=TrainerFactory())
    assert again.pk != content.pk
    assert Library.objects.count() == 2
