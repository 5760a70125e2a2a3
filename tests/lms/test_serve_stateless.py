"""Two `make serve` processes on different ports, one PostgreSQL and one Redis:
application servers keep no state of their own (sessions, rate limits), and
gunicorn's access log keeps certificate codes out."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from tests.factories import LearnerFactory
from tests.servers import Server, production_env, real_services_missing

pytestmark = [
    pytest.mark.real_services,
    pytest.mark.skipif(bool(real_services_missing()), reason=real_services_missing()),
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Sirius-serve-2026"  # noqa: S105


@pytest.fixture
def servers(tmp_path):
    env = production_env(VERIFICATION_RATE_LIMIT="3/m")
    first = Server(tmp_path, env, "first")
    second = Server(tmp_path, env, "second")
    try:
        # One after the other: `make serve` migrates and collects static files.
        yield first.start(), second.start()
    finally:
        first.stop()
        second.stop()


def test_serve_log_in_on_one_server_continue_on_the_other(servers):
    """A learner logs in through the first server; the second knows them."""
    first, second = servers
    learner = LearnerFactory(username="samira.serve", first_name="Samira")
    # The servers use production's hashers, not the tests' fast one.
    learner.password = PBKDF2PasswordHasher().encode(PASSWORD, "servesalt2026")
    learner.save()

    token = first.csrf_token("/accounts/login/")
    answer = first.request(
        "POST",
        "/accounts/login/",
        data={
            "login": "samira.serve",
            "password": PASSWORD,
            "csrfmiddlewaretoken": token,
        },
    )
    assert answer.status_code == 302, answer.text[:500]

    second.cookies = dict(first.cookies)
    page = second.request("GET", "/me/data/")
    assert page.status_code == 200
    assert "samira.serve" in page.text


def test_serve_rate_limit_counted_on_one_holds_on_the_other(servers):
    """Verification look-ups from one address share one window across servers."""
    first, second = servers
    codes = ["ABCD-EFGH-JKMN-P", "0000-0000-0000-0", "1234-5678-9ABC-D"]
    statuses = [
        first.request("GET", f"/v/{codes[0]}").status_code,
        second.request("GET", f"/v/{codes[1]}").status_code,
        first.request("GET", f"/v/{codes[2]}").status_code,
    ]
    assert 429 not in statuses
    assert second.request("GET", f"/v/{codes[0]}").status_code == 429


def test_serve_access_log_masks_certificate_codes(servers):
    first, _second = servers
    first.request("GET", "/v/WXYZ-WXYZ-WXYZ-W")
    log = first.log()
    assert "/v/…" in log
    assert "WXYZ" not in log
