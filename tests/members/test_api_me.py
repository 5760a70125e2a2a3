"""GET/PATCH /api/v1/me/: one's own account, never anyone's privileges."""

import pytest
from django.urls import reverse

from members.models import User

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def test_api_me_url_is_stable():
    """The documented address of the endpoint does not move."""
    assert reverse("api-me") == ME


def test_api_me_returns_own_fields_only(client, learner):
    """A member sees their own account, without password or staff flags."""
    client.force_login(learner)

    response = client.get(ME)

    assert response.status_code == 200
    data = response.json()
    assert data == {
        "id": learner.pk,
        "username": learner.username,
        "first_name": learner.first_name,
        "last_name": learner.last_name,
        "email": learner.email,
        "role": "learner",
        "language": "",
    }
    for private in ("password", "is_staff", "is_superuser", "is_active"):
        assert private not in data


def test_api_me_patch_cannot_raise_privileges(client, learner):
    """PATCH with role=staff and is_staff=true renames but grants nothing."""
    client.force_login(learner)

    response = client.patch(
        ME,
        {
            "first_name": "Léa-Marie",
            "role": "staff",
            "is_staff": True,
            "is_superuser": True,
            "username": "admin",
            "email": "admin@sirius-hub.example",
        },
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["role"] == "learner"
    learner.refresh_from_db()
    assert learner.first_name == "Léa-Marie"
    assert learner.role == User.Role.LEARNER
    assert not learner.is_staff
    assert not learner.is_superuser
    assert learner.username != "admin"
    assert learner.email != "admin@sirius-hub.example"


def test_api_me_put_and_delete_not_allowed(client, learner):
    """The account cannot be replaced wholesale or deleted through this endpoint."""
    client.force_login(learner)

    put = client.put(ME, {"first_name": "X"}, content_type="application/json")
    delete = client.delete(ME)

    assert put.status_code == delete.status_code == 405
    assert User.objects.filter(pk=learner.pk).exists()


def test_api_me_anonymous_gets_403(client):
    """A visitor who is not logged in gets 403 and no account data."""
    response = client.get(ME)

    assert response.status_code == 403
    assert "username" not in response.json()


def test_api_me_anonymous_patch_gets_403(client):
    """A visitor cannot change anything through the API."""
    response = client.patch(ME, {"role": "staff"}, content_type="application/json")

    assert response.status_code == 403
    assert not User.objects.filter(role=User.Role.STAFF).exists()
