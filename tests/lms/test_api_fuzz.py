"""schemathesis against `make serve`: the API as anonymous, learner, trainer and
partner, on the demo data, never answers 5xx and answers what its schema says."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from tests.servers import Server, production_env, real_services_missing

pytestmark = [
    pytest.mark.real_services,
    pytest.mark.skipif(bool(real_services_missing()), reason=real_services_missing()),
    pytest.mark.django_db(transaction=True),
]

# What the API promises: no server error, only documented status codes, content
# types and bodies. (Checks on other rules, such as whether a refused negative
# example "should" have been accepted, judge schemathesis' guesses, not our API.)
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)
ROLES = ["anonymous", "lea", "tom", "paula"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("fuzz")
    # The rate limits are tested elsewhere; here they would only stop the fuzzing.
    env = production_env(
        VERIFICATION_RATE_LIMIT="100000/m",
        H5P_XAPI_RATE_LIMIT="100000/m",
        COURSE_ARCHIVE_RATE_LIMIT="100000/m",
        INTEREST_RATE_LIMIT="100000/m",
    )
    running = Server(tmp_path, env, "fuzz")
    try:
        yield running.start()
    finally:
        running.stop()


def _tokens() -> dict[str, str]:
    call_command("demo", verbosity=0)
    users = get_user_model().objects.filter(username__in=ROLES[1:])
    return {user.username: Token.objects.create(user=user).key for user in users}


@pytest.mark.parametrize("role", ROLES)
def test_api_fuzz_no_server_error_and_answers_match_the_schema(
    server, role, tmp_path, digcomp
):
    tokens = _tokens()
    # The schema as the site serves it, read once through the TLS proxy's headers.
    schema = tmp_path / "schema.json"
    answer = server.request("GET", "/api/schema/?format=json")
    assert answer.status_code == 200, answer.text[:500]
    schema.write_bytes(answer.content)
    # As behind the TLS proxy: gunicorn hears plain http with this header.
    headers = ["-H", "X-Forwarded-Proto: https"]
    if role != "anonymous":
        headers += ["-H", f"Authorization: Token {tokens[role]}"]
    binary = Path(sys.executable).parent / "schemathesis"
    command = [
        str(binary),
        "run",
        str(schema),
        "--url",
        server.url,
        *headers,
        "--checks",
        CHECKS,
        "--max-examples",
        "15",
        "--phases",
        "examples,coverage,fuzzing",
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--seed",
        "2026",
        "--generation-database",
        "none",
        "--no-color",
        "--report-dir",
        str(tmp_path / "report"),
    ]
    try:
        result = subprocess.run(  # noqa: S603 (fixed args)
            command, capture_output=True, text=True, timeout=300, check=False
        )
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"schemathesis ran over 300 s as {role}:\n{error.stdout}")
    assert result.returncode == 0, (
        f"schemathesis as {role}:\n{result.stdout[-12000:]}\n{result.stderr[-2000:]}"
        f"\nserver log:\n{server.log()[-3000:]}"
    )
