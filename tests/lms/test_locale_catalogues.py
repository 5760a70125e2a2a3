"""Message catalogues: complete in fr, nl, en and ar, and used by the pages."""

import ast
import html
import os
import re
import shutil
import subprocess
from collections import Counter
from contextlib import chdir
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed
from django.utils import translation

from tests.pages import html_attributes

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "ar": (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;"
    ),
}
HOME_TITLE = "Apprendre le numérique, à votre rythme"
# Named and positional %-placeholders, the escaped percent sign, {}-placeholders.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif%]|\{\w*\}")
HTML_TAG = re.compile(r"</?([a-zA-Z][\w-]*)")
# The same words in .venv, node_modules and the like are not ours to compile.
COMPILE_IGNORE = [".venv", "node_modules", "staticfiles", "media", "tests", "bench"]


def _po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / "django.po"


def _require_msgfmt() -> None:
    """Skip without GNU gettext, except in CI where it is a required package."""
    if shutil.which("msgfmt"):
        return
    reason = "msgfmt is missing: install gettext (sudo make system-deps)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr, flags."""
    entries = []
    for block in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8")):
        entry: dict = {"flags": set(), "msgstr": {}}
        key = None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line:
                continue  # comments and obsolete entries (#~)
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if isinstance(key, int):
                    entry["msgstr"][key] += value
                else:
                    entry[key] += value
            else:
                keyword, _space, literal = line.partition(" ")
                index = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
                key = int(index.group(1)) if index else keyword
                if keyword == "msgstr":
                    key = 0
                value = ast.literal_eval(literal)
                if isinstance(key, int):
                    entry["msgstr"][key] = value
                else:
                    entry[key] = value
        if "msgid" in entry:
            entries.append(entry)
    return entries


def _header(code: str) -> dict[str, str]:
    header = next(e for e in _parse_po(_po_path(code)) if e["msgid"] == "")
    fields = (line.partition(":") for line in header["msgstr"][0].splitlines())
    return {name.strip(): value.strip() for name, _colon, value in fields}


def _messages(code: str) -> list[dict]:
    return [e for e in _parse_po(_po_path(code)) if e["msgid"] != ""]


def _translation(code: str, msgid: str) -> str:
    catalogue = {e["msgid"]: e["msgstr"][0] for e in _messages(code)}
    assert msgid in catalogue, f"{msgid!r} is not in the {code} catalogue"
    return catalogue[msgid]


def _stale_catalogues() -> list[Path]:
    return [
        po
        for po in LOCALE_DIR.glob("*/LC_MESSAGES/*.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]


@pytest.fixture(scope="session")
def compiled_catalogues():
    """The .mo files exist and are newer than their .po (they are not committed)."""
    if _stale_catalogues():
        _require_msgfmt()
        with chdir(settings.BASE_DIR):
            call_command("compilemessages", ignore_patterns=COMPILE_IGNORE, verbosity=0)
        # Forget catalogues that earlier tests of this process loaded without them.
        setting_changed.send(
            sender=type(settings),
            setting="LOCALE_PATHS",
            value=settings.LOCALE_PATHS,
            enter=False,
        )
    assert not _stale_catalogues()


def test_locale_catalogues_exist_for_every_language():
    """Each language of settings.LANGUAGES has its own django.po."""
    assert LANGUAGE_CODES == ["fr", "nl", "en", "ar"]
    for code in LANGUAGE_CODES:
        assert _po_path(code).is_file(), f"{_po_path(code)} is missing"


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_locale_catalogues_msgfmt_reports_nothing_untranslated_or_fuzzy(code):
    """msgfmt --check accepts the catalogue and counts only translated messages."""
    _require_msgfmt()

    result = subprocess.run(  # noqa: S603 (msgfmt on our own catalogue)
        [
            shutil.which("msgfmt"),
            "--check",
            "--statistics",
            "-o",
            os.devnull,
            str(_po_path(code)),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},
        check=False,
    )

    report = result.stderr.strip()
    assert result.returncode == 0, report
    statistics = report.splitlines()[-1] if report else ""
    assert re.fullmatch(r"\d+ translated messages?\.", statistics), report


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_locale_catalogues_headers_name_language_charset_and_plural_forms(code):
    """The header names the language, UTF-8 and the language's plural forms."""
    header = _header(code)

    assert header["Language"] == code
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Plural-Forms"] == PLURAL_FORMS[code]
    nplurals = int(re.match(r"nplurals=(\d+);", PLURAL_FORMS[code]).group(1))
    for entry in _messages(code):
        if "msgid_plural" in entry:
            assert sorted(entry["msgstr"]) == list(range(nplurals)), entry["msgid"]


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_locale_catalogues_placeholders_match(code):
    """Every translation keeps exactly the placeholders of its msgid."""
    mismatches = []
    for entry in _messages(code):
        source = entry["msgid"] + entry.get("msgid_plural", "")
        expected = set(PLACEHOLDER.findall(source))
        for index, msgstr in entry["msgstr"].items():
            if set(PLACEHOLDER.findall(msgstr)) != expected:
                mismatches.append((entry["msgid"], index, msgstr))

    assert mismatches == []


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_locale_catalogues_html_tags_match(code):
    """Every translation keeps the HTML tags of its msgid, as many of each."""
    mismatches = []
    for entry in _messages(code):
        expected = Counter(HTML_TAG.findall(entry["msgid"]))
        for index, msgstr in entry["msgstr"].items():
            if Counter(HTML_TAG.findall(msgstr)) != expected:
                mismatches.append((entry["msgid"], index, msgstr))

    assert mismatches == []


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["nl", "en", "ar"])
def test_locale_catalogues_home_page_is_translated(client, compiled_catalogues, code):
    """With the language cookie set, the home page title is in that language."""
    expected = _translation(code, HOME_TITLE)
    assert expected and expected != HOME_TITLE
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code

    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert html.escape(expected) in page
    assert HOME_TITLE not in page
    assert html_attributes(response)["lang"] == code


@pytest.mark.django_db
def test_locale_catalogues_arabic_home_page_is_right_to_left(
    client, compiled_catalogues
):
    """The Arabic home page is translated and written right to left."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    response = client.get("/")

    attributes = html_attributes(response)
    assert (attributes["lang"], attributes["dir"]) == ("ar", "rtl")
    assert html.escape(_translation("ar", HOME_TITLE)) in response.content.decode()


@pytest.mark.parametrize(
    ("code", "french"),
    [("fr", "Français"), ("nl", "Frans"), ("en", "French"), ("ar", "الفرنسية")],
)
def test_locale_catalogues_language_names_stay_translated(
    compiled_catalogues, code, french
):
    """The project catalogue names French in the page's language, never in English."""
    with translation.override(code):
        assert str(dict(settings.LANGUAGES)["fr"]) == french
