"""Every address the README's demo section sends people to answers, for the demo
account it names (and sends a visitor to the log-in page, never to an error)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from members.models import User

pytestmark = pytest.mark.django_db

README = Path(settings.BASE_DIR) / "README.md"
PATH = re.compile(r"`(/[^`\s<>{}]*)`")
ROW = re.compile(r"^\| `(\w+)` \|.*$", re.M)
# A row that sends the visitor to another member's page names that member.
OWNER = {"/me/interets/": "lea"}


def _demo_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("Demo accounts", 1)[1].split("### System packages", 1)[0]


def _paths_by_account() -> dict[str, list[str]]:
    """The addresses quoted in each account's row of the demo table."""
    return {
        row.group(1): PATH.findall(row.group(0))
        for row in ROW.finditer(_demo_section())
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _answer(client: Client, path: str) -> tuple[int, str]:
    response = client.get(path)
    return response.status_code, response.get("Location", "")


def test_readme_paths_table_is_read():
    """The test reads the table it checks: every demo account, and the paths."""
    paths = _paths_by_account()

    assert set(paths) == {"lea", "tom", "nadia", "paula", "admin"}
    assert "/teach/reussites/nouvelle/" in paths["tom"]
    assert sum(len(p) for p in paths.values()) >= 15


def test_readme_paths_answer_for_the_account_named():
    """Logged in as the demo account of its row (or the member it names), each
    address answers below 400, never with a detour to the log-in page; a
    visitor is answered or sent to log in."""
    call_command("demo", stdout=None)
    login = "/login/"  # allauth's page, and the admin's own
    wrong = []
    for username, paths in _paths_by_account().items():
        for path in paths:
            member = Client()
            member.force_login(User.objects.get(username=OWNER.get(path, username)))
            status, location = _answer(member, path)
            if status >= 400 or login in location:
                wrong.append((username, path, status, location))
            status, location = _answer(Client(), path)
            if status >= 400 and not (status == 302 and login in location):
                wrong.append(("visitor", path, status, location))
    other = set(PATH.findall(_demo_section())) - {
        p for paths in _paths_by_account().values() for p in paths
    }
    for path in sorted(other):
        status, location = _answer(Client(), path)
        if status >= 400:
            wrong.append(("visitor", path, status, location))

    assert wrong == []
