"""package_validate: the archive, its entries and its JSON, before extraction."""

import json

import pytest
from django.core.exceptions import ValidationError

from h5p.validation import package_validate
from tests.h5p import packages as p


def _refusal(upload, installed=None) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        package_validate(upload, installed={} if installed is None else installed)
    return caught.value


def _with(name: str, data) -> object:
    files = p.good_files()
    files[name] = data if isinstance(data, bytes) else json.dumps(data).encode()
    return p.upload(p.build(files))


def test_validation_package_good_one_described():
    """A good package gives its title, main library, closure and content files."""
    package = package_validate(p.good_package(), installed={})
    assert package.title == "Vrai ou faux : la souris"
    assert package.main_library == (p.MAIN, 1, 0)
    assert set(package.closure) == {(p.MAIN, 1, 0), (p.HELPER, 1, 0)}
    assert package.content_files == ("content/content.json", "content/images/mouse.png")
    assert package.libraries[(p.MAIN, 1, 0)].semantics == p.SEMANTICS


def test_validation_package_ignores_dot_underscore_and_macosx():
    """Names starting with `.` or `_` and `__MACOSX` are ignored, whatever the type."""
    files = {
        **p.good_files(),
        "__MACOSX/content/._mouse.png": b"x",
        "content/.DS_Store": b"x",
        "content/_notes.exe": b"x",
    }
    package = package_validate(p.upload(p.build(files)), installed={})
    assert "content/.DS_Store" in package.ignored
    assert "content/_notes.exe" not in package.content_files


def test_validation_package_size_capped_before_reading(settings):
    """An upload over H5P_MAX_PACKAGE_BYTES is refused with the limit in Mo."""
    settings.H5P_MAX_PACKAGE_BYTES = 1024 * 1024
    error = _refusal(p.upload(b"PK" + bytes(2 * 1024 * 1024)))
    assert error.code == "file_too_big"
    assert "1 Mo" in error.messages[0]


def test_validation_package_not_a_zip_refused():
    """A file that is not a zip archive says so."""
    error = _refusal(p.upload(b"<?php echo 'hi'; ?>"))
    assert error.code == "not_zip"
    assert "n'est pas un paquet H5P" in error.messages[0]


@pytest.mark.parametrize(
    ("upload", "code", "fragment"),
    [
        pytest.param(
            lambda: p.with_entry("../../evil.txt"),
            "bad_name",
            "../../evil.txt",
            id="dotdot",
        ),
        pytest.param(
            lambda: p.with_entry("content/../../x.txt"),
            "bad_name",
            "x.txt",
            id="inner-dotdot",
        ),
        pytest.param(
            lambda: p.with_entry("/etc/x.txt"), "bad_name", "/etc/x.txt", id="absolute"
        ),
        pytest.param(
            lambda: p.with_entry("C:/x.txt"), "bad_name", "C:/x.txt", id="drive"
        ),
        pytest.param(
            lambda: p.with_entry("content\\..\\x.txt"),
            "bad_name",
            "content",
            id="backslash",
        ),
        pytest.param(
            lambda: p.raw_name_package(b"content/a\x00.txt"),
            "bad_name",
            "\\u0000",
            id="nul",
        ),
        pytest.param(
            lambda: p.with_entry("content/a\r\n.txt"), "bad_name", "\\u000d", id="crlf"
        ),
        pytest.param(
            lambda: p.with_entry("content/gnp.\u202etxt"),
            "bad_name",
            "\\u202e",
            id="rtl",
        ),
        pytest.param(p.symlink_package, "symlink", "link.png", id="symlink"),
        pytest.param(p.encrypted_package, "encrypted", "mouse.png", id="encrypted"),
        pytest.param(
            lambda: p.with_entry("content/Images/Mouse.PNG"),
            "duplicate",
            "Mouse.PNG",
            id="case-duplicate",
        ),
        pytest.param(
            lambda: p.with_entry("content/images"),
            "duplicate",
            "content/images",
            id="file-and-folder",
        ),
        pytest.param(
            lambda: p.with_entry("content/shell.php"),
            "extension",
            "shell.php",
            id="php",
        ),
        pytest.param(
            lambda: p.with_entry("content/page.html"),
            "extension",
            "page.html",
            id="html",
        ),
        pytest.param(
            lambda: p.with_entry("content/run.js"),
            "extension",
            "run.js",
            id="js-in-content",
        ),
        pytest.param(
            lambda: p.with_entry("content/x.svg"),
            "extension",
            "x.svg",
            id="svg-in-content",
        ),
        pytest.param(
            lambda: p.with_entry(f"{p.MAIN}-1.0/page.htm"),
            "extension",
            "page.htm",
            id="htm-in-library",
        ),
        pytest.param(
            lambda: p.with_entry("content/nested.zip"),
            "extension",
            "nested.zip",
            id="nested-zip",
        ),
        pytest.param(
            lambda: p.without_entry("h5p.json"),
            "missing_h5p_json",
            "h5p.json",
            id="no-h5p-json",
        ),
        pytest.param(
            lambda: p.without_entry("content/content.json"),
            "missing_content_json",
            "content.json",
            id="no-content-json",
        ),
        pytest.param(
            p.many_entries_package, "too_many_entries", "5000", id="20000-entries"
        ),
        pytest.param(p.zip_bomb_package, "ratio", "zeros.txt", id="zip-bomb-300MB"),
    ],
)
def test_validation_package_hostile_entries_refused(upload, code, fragment):
    """Each hostile entry is refused by name, before anything is extracted."""
    error = _refusal(upload())
    assert error.code == code
    assert fragment in error.messages[0]


def test_validation_package_duplicate_file_and_folder_refused():
    """A file named like a folder of another entry (differing in case) is refused."""
    error = _refusal(p.with_entry("Content/Images"))
    assert error.code == "duplicate"
    assert "Content/Images" in error.messages[0]


def test_validation_package_size_limits_from_settings(settings):
    """Declared sizes are checked per file and in total against the settings."""
    settings.H5P_MAX_FILE_BYTES = 5_000
    error = _refusal(p.with_entry("content/big.txt", b"x" * 5_001))
    assert error.code == "entry_too_big"
    assert "content/big.txt" in error.messages[0]
    good_total = sum(len(data) for data in p.good_files().values())
    settings.H5P_MAX_TOTAL_BYTES = good_total + 1_000
    error = _refusal(p.with_entry("content/big.txt", b"x" * 2_000))
    assert error.code == "total_too_big"


def test_validation_package_ratio_limit_from_settings(settings):
    """A 2 MB entry compressing 2,000 times is refused; under the ratio it passes."""
    error = _refusal(p.with_entry("content/zeros.txt", bytes(2 * 1024 * 1024)))
    assert error.code == "ratio"
    settings.H5P_MAX_RATIO = 5000
    package_validate(
        p.with_entry("content/zeros.txt", bytes(2 * 1024 * 1024)), installed={}
    )


def test_validation_package_entry_count_from_settings(settings):
    """H5P_MAX_ENTRIES is read at each call."""
    settings.H5P_MAX_ENTRIES = 5
    assert _refusal(p.good_package()).code == "too_many_entries"


@pytest.mark.parametrize(
    ("changes", "code", "fragment"),
    [
        ({"title": ""}, "bad_title", "titre"),
        ({"title": "x" * 256}, "bad_title", "255"),
        ({"language": "fr_BE; drop"}, "bad_language", "fr_BE"),
        ({"mainLibrary": None}, "bad_main_library", "mainLibrary"),
        ({"mainLibrary": "H5P.Other"}, "main_not_in_dependencies", "H5P.Other"),
        ({"embedTypes": ["iframe", "object"]}, "bad_embed_types", "embedTypes"),
        ({"embedTypes": []}, "bad_embed_types", "embedTypes"),
        (
            {"preloadedDependencies": [{"machineName": p.MAIN, "majorVersion": "x"}]},
            "bad_dependencies",
            "h5p.json",
        ),
    ],
)
def test_validation_package_h5p_json_checked(changes, code, fragment):
    """h5p.json: title, language, main library, dependencies, embed types."""
    error = _refusal(_with("h5p.json", p.h5p_json(**changes)))
    assert error.code == code
    assert fragment in error.messages[0]


def test_validation_package_versions_as_integers_accepted():
    """Versions written as numbers are as good as versions written as strings."""
    deps = [
        {"machineName": p.MAIN, "majorVersion": 1, "minorVersion": 0},
        {"machineName": p.HELPER, "majorVersion": 1, "minorVersion": 0},
    ]
    package = package_validate(
        _with("h5p.json", p.h5p_json(preloadedDependencies=deps)), installed={}
    )
    assert package.main_library == (p.MAIN, 1, 0)


def test_validation_package_broken_json_named():
    """A library.json that is not JSON is refused, naming it."""
    error = _refusal(_with(f"{p.MAIN}-1.0/library.json", b"{not json"))
    assert error.code == "bad_json"
    assert f"{p.MAIN}-1.0/library.json" in error.messages[0]


def test_validation_package_nan_in_json_refused():
    """NaN is not JSON: a content.json holding it is refused."""
    error = _refusal(_with("content/content.json", b'{"points": NaN}'))
    assert error.code == "bad_json"


@pytest.mark.parametrize("field", ["title", "machineName", "patchVersion", "runnable"])
def test_validation_package_library_json_required_fields(field):
    """A library.json missing a required field is refused, naming field and folder."""
    data = p.library_json()
    del data[field]
    error = _refusal(_with(f"{p.MAIN}-1.0/library.json", data))
    assert error.code == "bad_library_json"
    assert field in error.messages[0] and p.MAIN in error.messages[0]


def test_validation_package_library_folder_must_match():
    """A folder whose name is not its library's `machineName-major.minor` is refused."""
    error = _refusal(_with(f"{p.MAIN}-1.0/library.json", p.library_json(minor=2)))
    assert error.code == "folder_mismatch"
    assert f"{p.MAIN} 1.2" in error.messages[0]


def test_validation_package_listed_files_must_exist():
    """A preloaded JS file listed but absent from the archive is refused by path."""
    error = _refusal(
        _with(f"{p.MAIN}-1.0/library.json", p.library_json(js=("scripts/missing.js",)))
    )
    assert error.code == "missing_library_file"
    assert "scripts/missing.js" in error.messages[0]


def test_validation_package_missing_dependency_named():
    """A dependency neither in the package nor installed is named in the refusal."""
    files = p.good_files()
    del files[f"{p.HELPER}-1.0/library.json"]
    del files[f"{p.HELPER}-1.0/helper.js"]
    error = _refusal(p.upload(p.build(files)))
    assert error.code == "missing_library"
    assert error.messages[0] == (
        f"Le paquet demande la bibliothèque {p.HELPER} 1.0, qui n'est pas installée. "
        "Demandez à un administrateur de l'installer."
    )


def test_validation_package_dependency_installed_is_enough():
    """A dependency already installed need not be shipped."""
    files = p.good_files()
    del files[f"{p.HELPER}-1.0/library.json"]
    del files[f"{p.HELPER}-1.0/helper.js"]
    installed = {(p.HELPER, 1, 0): p.library_json(p.HELPER, dependencies=())}
    package = package_validate(p.upload(p.build(files)), installed=installed)
    assert (p.HELPER, 1, 0) in package.closure


def test_validation_package_folder_not_a_library_refused():
    """A top-level folder that is neither content/ nor a library folder is refused."""
    error = _refusal(p.with_entry("scripts/x.js"))
    assert error.code == "bad_library_folder"
    assert "scripts" in error.messages[0]


def test_validation_package_every_missing_library_named_at_once():
    """Two missing libraries are both named, so one message tells the whole story."""
    from h5p.validation import dependency_closure

    libraries = {("H5P.Main", 1, 0): {"preloadedDependencies": [
        {"machineName": "H5P.One", "majorVersion": 1, "minorVersion": 2},
        {"machineName": "H5P.Two", "majorVersion": 3, "minorVersion": 4},
    ]}}  # fmt: skip

    with pytest.raises(ValidationError) as caught:
        dependency_closure([("H5P.Main", 1, 0)], libraries.get)

    messages = " ".join(caught.value.messages)
    assert "H5P.One 1.2" in messages and "H5P.Two 3.4" in messages
