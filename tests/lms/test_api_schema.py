"""The OpenAPI schema and its documentation page, served without any CDN."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_api_schema_served(client):
    """The OpenAPI schema is published and documents /api/v1/me/."""
    response = client.get(reverse("api-schema"), {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths["/api/v1/me/"]) >= {"get", "patch"}
    assert "put" not in paths["/api/v1/me/"]


def test_api_schema_docs_page_loads_nothing_from_a_cdn(client):
    """The API documentation page is served with its scripts from our own site."""
    response = client.get(reverse("api-docs"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn.jsdelivr" not in page
    assert "unpkg.com" not in page
