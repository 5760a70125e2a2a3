"""The framework's admin: staff can read it, nobody can change it there."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_framework_competences_listed(admin_client, digcomp):
    """The competence list shows DigComp 2.2's competences."""
    response = admin_client.get(reverse("admin:skills_competence_changelist"))

    assert response.status_code == 200
    assert "Nétiquette" in response.content.decode()


@pytest.mark.parametrize(
    "url_name", ["admin:skills_competence_add", "admin:skills_proficiencylevel_add"]
)
def test_admin_framework_cannot_add(admin_client, url_name):
    """Even a superuser cannot add to the framework through the admin."""
    response = admin_client.get(reverse(url_name))

    assert response.status_code == 403


def test_admin_framework_cannot_change_competence(admin_client, digcomp):
    """Posting a changed name to a competence's page changes nothing."""
    competence = digcomp.competences.get(code="2.5")
    url = reverse("admin:skills_competence_change", args=[competence.pk])

    response = admin_client.post(url, {"name_fr": "Politesse"})

    competence.refresh_from_db()
    assert response.status_code == 403
    assert competence.name_fr == "Nétiquette"
