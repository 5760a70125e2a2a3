"""package_install: libraries by role, extraction, sanitising, all or nothing."""

import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from core.archives import ExtractionBudget
from h5p.models import Content, Library
from h5p.services import package_install
from tests.factories import StaffFactory, TrainerFactory
from tests.h5p import packages as p
from tests.h5p.conftest import files_under

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[3] / "shared/fixtures/h5p/h5p-test.h5p"


def _stored(media_root: Path, name: str) -> bytes:
    return (media_root / name).read_bytes()


def test_services_package_install_staff_installs_libraries_and_content(media_root):
    """Staff install a package: two libraries, one content, files in their folders."""
    staff = StaffFactory()
    content = package_install(upload=p.good_package(), user=staff)
    assert content.title == "Vrai ou faux : la souris"
    assert content.uploaded_by == staff
    assert content.main_library.machine_name == p.MAIN
    assert {lib.machine_name for lib in content.libraries.all()} == {p.MAIN, p.HELPER}
    main = Library.objects.get(machine_name=p.MAIN)
    assert (main.major, main.minor, main.patch, main.runnable) == (1, 0, 0, True)
    assert main.semantics == p.SEMANTICS
    files = files_under(media_root)
    assert f"h5p/libraries/{p.MAIN}-1.0/scripts/check.js" in files
    assert f"h5p/libraries/{p.HELPER}-1.0/helper.js" in files
    assert f"h5p/content/{content.pk}/h5p.json" in files
    assert f"h5p/content/{content.pk}/content/content.json" in files
    assert f"h5p/content/{content.pk}/content/images/mouse.png" in files
    assert content.package.name == f"h5p/packages/{content.pk}.h5p"
    assert default_storage.exists(content.package.name)
    assert _stored(media_root, f"h5p/libraries/{p.MAIN}-1.0/scripts/check.js") == (
        p.MAIN_JS.encode()
    )


def test_services_package_install_leaves_no_temporary_files(temp_root):
    """The extraction folder is gone once the package is stored."""
    package_install(upload=p.good_package(), user=StaffFactory())
    assert list(temp_root.iterdir()) == []


def test_services_package_install_trainer_uses_installed_libraries(media_root):
    """A trainer's package whose libraries are installed is stored; the copies of
    the libraries it ships are ignored."""
    package_install(upload=p.good_package(), user=StaffFactory())
    changed_js = "H5P.SiriusCheck = null; // a trainer's own copy\n"
    content = package_install(
        upload=p.good_package(patch=9, js=changed_js), user=TrainerFactory()
    )
    assert content.main_library.patch == 0
    assert Library.objects.get(machine_name=p.MAIN).patch == 0
    stored_js = _stored(media_root, f"h5p/libraries/{p.MAIN}-1.0/scripts/check.js")
    assert stored_js == p.MAIN_JS.encode()


def test_services_package_install_trainer_refused_missing_library(media_root):
    """A trainer's package needing a library not installed is refused, naming it,
    even when the package ships it; nothing is stored."""
    with pytest.raises(ValidationError) as caught:
        package_install(upload=p.good_package(), user=TrainerFactory())
    message = caught.value.messages[0]
    assert "H5P.SiriusCheck 1.0" in message or "H5P.SiriusHelper 1.0" in message
    assert "Demandez à un administrateur" in message
    assert Library.objects.count() == 0 and Content.objects.count() == 0
    assert files_under(media_root) == []


def test_services_package_install_trainer_refused_names_the_missing_one():
    """With the main library installed, the missing helper is the one named."""
    staff_files = p.good_files()
    package_install(upload=p.upload(p.build(staff_files)), user=StaffFactory())
    Library.objects.filter(machine_name=p.HELPER).delete()
    with pytest.raises(ValidationError) as caught:
        package_install(upload=p.good_package(), user=TrainerFactory())
    assert caught.value.messages[0] == (
        f"Le paquet demande la bibliothèque {p.HELPER} 1.0, qui n'est pas installée. "
        "Demandez à un administrateur de l'installer."
    )


def test_services_package_install_staff_upgrades_higher_patch(media_root):
    """Staff replace a library by a higher patch: one row, the new files."""
    first = package_install(upload=p.good_package(), user=StaffFactory())
    new_js = p.MAIN_JS + "// patch 3\n"
    second = package_install(
        upload=p.good_package(patch=3, js=new_js), user=StaffFactory()
    )
    main = Library.objects.get(machine_name=p.MAIN)
    assert main.patch == 3
    assert Library.objects.filter(machine_name=p.MAIN).count() == 1
    assert first.main_library_id == second.main_library_id == main.pk
    stored_js = _stored(media_root, f"h5p/libraries/{p.MAIN}-1.0/scripts/check.js")
    assert stored_js == new_js.encode()


def test_services_package_install_staff_keeps_higher_installed_patch():
    """A package carrying a lower patch than installed leaves the library alone."""
    package_install(upload=p.good_package(patch=5), user=StaffFactory())
    package_install(upload=p.good_package(patch=2), user=StaffFactory())
    assert Library.objects.get(machine_name=p.MAIN).patch == 5


def test_services_package_install_sanitises_content_json(media_root):
    """`<script>` in an HTML field is removed, in a plain text field escaped; the
    tags the semantics allow stay; a hostile media path is dropped."""
    content = dict(p.CONTENT)
    content["question"] = (
        '<p onclick="steal()">Vrai ?<script>alert(1)</script>'
        '<img src=x onerror="alert(2)"><strong>gras</strong></p>'
    )
    content["answer"] = "<script>alert(3)</script>Oui"
    content["items"] = [
        {"label": "ok", "image": {"path": "javascript:alert(4)"}},
        {"label": "<b>x</b>", "image": {"path": "../../../etc/passwd"}},
    ]
    stored = package_install(
        upload=p.upload(p.build(p.good_files(content=content))), user=StaffFactory()
    )
    params = stored.content_json
    assert params["question"] == "<p>Vrai ?<strong>gras</strong></p>"
    assert params["answer"] == "&lt;script&gt;alert(3)&lt;/script&gt;Oui"
    assert params["items"] == [{"label": "ok"}, {"label": "&lt;b&gt;x&lt;/b&gt;"}]
    served = json.loads(
        _stored(media_root, f"h5p/content/{stored.pk}/content/content.json")
    )
    assert served == params
    assert "<script" not in json.dumps(served)


def test_services_package_install_escapes_h5p_json_for_the_player(media_root):
    """The stored h5p.json's title is escaped; the row keeps the plain title."""
    files = p.good_files()
    files["h5p.json"] = json.dumps(
        p.h5p_json(title="<img src=x onerror=alert(1)>")
    ).encode()
    content = package_install(upload=p.upload(p.build(files)), user=StaffFactory())
    assert content.title == "<img src=x onerror=alert(1)>"
    stored = json.loads(_stored(media_root, f"h5p/content/{content.pk}/h5p.json"))
    assert stored["title"] == "&lt;img src=x onerror=alert(1)&gt;"


HOSTILE = [
    pytest.param(p.zip_bomb_package, "ratio", id="zip-bomb"),
    pytest.param(lambda: p.with_entry("content/shell.php"), "extension", id="php"),
    pytest.param(lambda: p.with_entry("content/x.html"), "extension", id="html"),
    pytest.param(lambda: p.without_entry("h5p.json"), "missing_h5p_json", id="no-h5p"),
    pytest.param(p.many_entries_package, "too_many_entries", id="20000-entries"),
    pytest.param(lambda: p.with_entry("../evil.txt"), "bad_name", id="dotdot"),
    pytest.param(lambda: p.with_entry("/etc/evil.txt"), "bad_name", id="absolute"),
    pytest.param(lambda: p.with_entry("content\\evil.txt"), "bad_name", id="backslash"),
    pytest.param(p.symlink_package, "symlink", id="symlink"),
    pytest.param(p.encrypted_package, "encrypted", id="encrypted"),
    pytest.param(
        lambda: p.with_entry("CONTENT/images/mouse.png", p.PNG), "duplicate", id="case"
    ),
    pytest.param(
        lambda: p.upload(
            p.build({**p.good_files(), f"{p.MAIN}-1.0/library.json": b"{"})
        ),
        "bad_json",
        id="broken-library-json",
    ),
    pytest.param(p.lying_sizes_package, "damaged", id="lying-sizes"),
]


@pytest.mark.parametrize(("upload", "code"), HOSTILE)
def test_services_package_install_hostile_refused_leaves_nothing(
    upload, code, media_root, temp_root
):
    """Each hostile package is refused with its message; no row, no stored file,
    nothing in the temporary folder."""
    with pytest.raises(ValidationError) as caught:
        package_install(upload=upload(), user=StaffFactory())
    assert caught.value.code == code
    assert caught.value.messages[0]
    assert Content.objects.count() == 0 and Library.objects.count() == 0
    assert files_under(media_root) == []
    assert list(temp_root.iterdir()) == []


def test_services_package_install_failed_commit_removes_stored_files(
    media_root, temp_root, monkeypatch
):
    """A failure after files were stored undoes them with the rows."""
    from h5p.services import install as services

    def fail(*args, **kwargs):
        raise RuntimeError("storage full")

    real_save = services._StorageJournal.save

    def save_then_fail(self, name, content):
        real_save(self, name, content)
        if name.startswith("h5p/packages/"):
            fail()

    monkeypatch.setattr(services._StorageJournal, "save", save_then_fail)
    with pytest.raises(RuntimeError):
        package_install(upload=p.good_package(), user=StaffFactory())
    assert Content.objects.count() == 0 and Library.objects.count() == 0
    assert files_under(media_root) == []
    assert list(temp_root.iterdir()) == []


def test_services_package_install_failed_upgrade_restores_old_files(
    media_root, monkeypatch
):
    """A patch upgrade that fails halfway puts the previous files and row back."""
    from h5p.services import install as services

    package_install(upload=p.good_package(), user=StaffFactory())
    before = {n: _stored(media_root, n) for n in files_under(media_root)}
    real_save = services._StorageJournal.save

    def save_then_fail(self, name, content):
        real_save(self, name, content)
        if name.endswith("content/content.json"):
            raise RuntimeError("disk full")

    monkeypatch.setattr(services._StorageJournal, "save", save_then_fail)
    with pytest.raises(RuntimeError):
        package_install(
            upload=p.good_package(patch=4, js="// new\n"), user=StaffFactory()
        )
    assert Library.objects.get(machine_name=p.MAIN).patch == 0
    assert {n: _stored(media_root, n) for n in files_under(media_root)} == before


def test_services_extraction_budget_refuses_more_bytes_than_allowed():
    """The writer counts real bytes: past a file's or the package's limit, it stops."""
    budget = ExtractionBudget(max_file=100, max_total=150)
    out = io.BytesIO()
    assert budget.copy(io.BytesIO(b"a" * 100), out, name="content/a.txt") == 100
    with pytest.raises(ValidationError) as caught:
        budget.copy(io.BytesIO(b"b" * 60), io.BytesIO(), name="content/b.txt")
    assert "content/b.txt" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        ExtractionBudget(max_file=10, max_total=1000).copy(
            io.BytesIO(b"c" * 11), io.BytesIO(), name="content/c.txt"
        )


@pytest.mark.skipif(not FIXTURE.exists(), reason="shared H5P fixture absent")
def test_services_package_install_real_package(media_root):
    """The package exported by the official H5P tools installs for staff, then a
    trainer's copy installs against the installed libraries."""
    with FIXTURE.open("rb") as handle:
        data = handle.read()
    content = package_install(
        upload=p.upload(data, "h5p-test.h5p"), user=StaffFactory()
    )
    assert content.title == "Hello World"
    assert content.main_library.machine_name == "H5P.TrueFalse"
    names = {lib.machine_name for lib in content.libraries.all()}
    assert {"H5P.TrueFalse", "H5P.Question", "H5P.JoubelUI", "FontAwesome"} <= names
    assert "H5PEditor.RadioGroup" not in names  # editor widgets are not needed
    assert content.content_json["question"] == "<p>Is this false?</p>\n"
    files = files_under(media_root)
    assert "h5p/libraries/H5P.TrueFalse-1.6/scripts/h5p-true-false.js" in files
    assert f"h5p/content/{content.pk}/content/content.json" in files
    again = package_install(
        upload=p.upload(data, "h5p-test.h5p"), user=TrainerFactory()
    )
    assert again.main_library == content.main_library


def test_services_package_install_disk_full_is_a_clean_refusal(
    media_root, temp_root, monkeypatch
):
    """The disk filling up during extraction gives a clear message; the
    temporary folder is removed and nothing is stored."""
    from h5p.services import install as services

    def disk_full(self, source, destination, *, name):
        destination.write(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services.ExtractionBudget, "copy", disk_full)
    with pytest.raises(ValidationError) as caught:
        package_install(upload=p.good_package(), user=StaffFactory())
    assert caught.value.code == "extraction_failed"
    assert "Réessayez plus tard" in caught.value.messages[0]
    assert Content.objects.count() == 0 and Library.objects.count() == 0
    assert files_under(media_root) == []
    assert list(temp_root.iterdir()) == []


def test_services_package_install_superuser_may_install_libraries():
    """A superuser counts as an administrator for libraries."""
    admin = TrainerFactory(is_superuser=True)
    content = package_install(upload=p.good_package(), user=admin)
    assert content.libraries.count() == 2


def test_services_content_delete_removes_its_files_not_libraries(
    media_root, django_capture_on_commit_callbacks
):
    """Deleting a content removes its folder and package once committed; the
    shared libraries stay."""
    from h5p.services import content_delete

    content = package_install(upload=p.good_package(), user=StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        content_delete(content=content)
    files = files_under(media_root)
    assert files and all(name.startswith("h5p/libraries/") for name in files)
    assert Library.objects.count() == 2 and Content.objects.count() == 0


def test_services_package_install_concurrent_new_library_refused_cleanly(
    media_root, monkeypatch
):
    """When another administrator installs the same new library meanwhile, the
    later install is refused with a message and the first one's files stay."""
    from h5p.services import install as services

    real_plan = services._library_plan
    state = {"first": None}

    def plan_then_someone_else_installs(validated, user):
        plan = real_plan(validated, user)
        if state["first"] is None:
            monkeypatch.setattr(services, "_library_plan", real_plan)
            state["first"] = package_install(
                upload=p.good_package(), user=StaffFactory()
            )
        return plan

    monkeypatch.setattr(services, "_library_plan", plan_then_someone_else_installs)
    with pytest.raises(ValidationError) as caught:
        package_install(upload=p.good_package(), user=StaffFactory())
    assert caught.value.code == "concurrent_install"
    assert Content.objects.get() == state["first"]
    stored_js = _stored(media_root, f"h5p/libraries/{p.MAIN}-1.0/scripts/check.js")
    assert stored_js == p.MAIN_JS.encode()
