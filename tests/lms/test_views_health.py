"""GET /healthz: what load balancers see when the database or the broker is down."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from lms.celery import app as celery_app

pytestmark = pytest.mark.django_db

HEALTHZ = "/healthz"


def test_views_health_url_is_stable():
    """Load balancers probe /healthz, without a trailing slash."""
    assert reverse("healthz") == HEALTHZ


def test_views_health_all_up(client):
    """With the database reachable, /healthz answers 200 and says so."""
    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["status"] == "ok"
    assert data["checks"]["database"] == "up"
    assert set(data["checks"].values()) == {"up"}
    assert "no-cache" in response["Cache-Control"]


def test_views_health_database_down(client):
    """When the database check raises, /healthz answers 503 and names it down."""
    with mock.patch(
        "lms.health._database", side_effect=OperationalError("server closed")
    ):
        response = client.get(HEALTHZ)

    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "unavailable"
    assert data["checks"]["database"] == "down"
    assert "server closed" not in response.content.decode()


def test_views_health_database_cursor_fails(client):
    """A cursor that cannot run SELECT 1 counts as the database being down."""
    with mock.patch(
        "lms.health.connection.cursor", side_effect=OperationalError("refused")
    ):
        response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down"


def test_views_health_broker_down(client, settings, monkeypatch):
    """A broker on a closed port shows as down and /healthz answers 503."""
    closed = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_URL = closed
    # Celery reads CELERY_BROKER_URL from the environment before its own settings.
    monkeypatch.setenv("CELERY_BROKER_URL", closed)
    assert celery_app.conf.broker_url == closed

    response = client.get(HEALTHZ)

    assert response.status_code == 503
    data = response.json()
    assert data["checks"]["broker"] == "down"
    assert data["checks"]["database"] == "up"
    assert "127.0.0.1:1" not in response.content.decode()


def test_views_health_no_broker_configured_not_checked(client, settings):
    """Without a broker (tasks run in-process) there is no broker check."""
    settings.CELERY_BROKER_URL = ""

    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert "broker" not in response.json()["checks"]


def test_views_health_post_not_allowed(client):
    """/healthz only answers GET."""
    assert client.post(HEALTHZ).status_code == 405


def test_views_health_live_answers_without_the_database(client):
    """Liveness says only that the process answers: a database outage does not
    make an orchestrator restart healthy processes."""
    with mock.patch(
        "lms.health.connection.cursor", side_effect=OperationalError("refused")
    ):
        response = client.get("/healthz/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_views_health_ready_names_a_storage_that_refuses_writes(client):
    """A full or read-only storage makes readiness 503 with "storage" named down,
    and no reason in the answer."""
    with mock.patch(
        "lms.health.default_storage.save", side_effect=OSError(28, "No space left")
    ):
        response = client.get("/healthz/ready")

    assert response.status_code == 503
    data = response.json()
    assert data["checks"]["storage"] == "down"
    assert data["checks"]["database"] == "up"
    assert "No space" not in response.content.decode()


def test_views_health_ready_leaves_no_probe_file(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    assert client.get("/healthz/ready").status_code == 200
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
