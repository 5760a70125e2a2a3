"""Production settings: `check --deploy` passes, cookies are secure, HSTS is sent."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

from certificates.credentials.keys import key_generate, secret_multikey_encode

# Run in a fresh process: settings are read from the environment at start-up.
PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(HTTP_HOST="sirius.example")
page = client.get("/accounts/login/", secure=True)
switch = client.post("/i18n/setlang/", {"language": "nl", "next": "/"}, secure=True)
plain = client.get("/accessibilite/")
probe = client.get("/healthz")
print(json.dumps({
    "debug": settings.DEBUG,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "hsts": page.headers.get("Strict-Transport-Security"),
    "csrf_cookie": dict(page.cookies["csrftoken"]),
    "language_cookie": dict(switch.cookies[settings.LANGUAGE_COOKIE_NAME]),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
    "healthz_status": probe.status_code,
}))
"""
# The probe must not touch the demo or CI database.
NO_DATABASE = "sqlite://:memory:"


def _production_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SITE_URL", "CREDENTIAL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(45),
        CREDENTIAL_SIGNING_KEY=secret_multikey_encode(key_generate()),
        SITE_URL="https://sirius.example",
        DJANGO_ALLOWED_HOSTS="sirius.example",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_settings_deploy_check_passes_with_production_values():
    """`manage.py check --deploy` reports no warning with production values."""
    env = _production_env()
    assert len(env["DJANGO_SECRET_KEY"]) == 60

    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_deploy_check_fails_with_the_development_key():
    """Forgetting DJANGO_SECRET_KEY in production makes the deploy check fail."""
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]

    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_settings_deploy_check_fails_without_a_badge_signing_key():
    """Production without CREDENTIAL_SIGNING_KEY(_FILE) would sign Open Badges
    with a generated key nobody backs up: the deploy check fails."""
    env = _production_env()
    del env["CREDENTIAL_SIGNING_KEY"]

    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "certificates.E001" in result.stdout + result.stderr


def test_settings_deploy_https_cookies_secure_and_hsts():
    """Over https the cookies are Secure, HSTS is sent and http redirects to https."""
    result = _run("-c", PROBE, env=_production_env(DATABASE_URL=NO_DATABASE))

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["debug"] is False
    assert seen["session_cookie_secure"] is True
    assert seen["csrf_cookie_secure"] is True
    assert seen["csrf_cookie"]["secure"] is True
    assert seen["language_cookie"]["secure"] is True
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["plain_status"] == 301
    assert seen["plain_location"] == "https://sirius.example/accessibilite/"
    # Load balancers probe /healthz over plain http inside the network.
    assert seen["healthz_status"] == 200


def test_settings_deploy_local_demo_over_http_not_secure_only():
    """The local demo over http keeps cookies usable: not Secure, no HSTS."""
    env = _production_env(
        SITE_URL="http://127.0.0.1:8000",
        DJANGO_ALLOWED_HOSTS="*",
        DATABASE_URL=NO_DATABASE,
    )

    result = _run("-c", PROBE.replace("secure=True", "secure=False"), env=env)

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["session_cookie_secure"] is False
    assert seen["csrf_cookie"]["secure"] == ""
    assert seen["hsts"] is None
    assert seen["plain_status"] == 200
