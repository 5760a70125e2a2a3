"""The courses API in the OpenAPI schema: five operations, described."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_api_schema_lists_the_courses_operations(client):
    """The schema documents the catalogue, enrolment, completion and progress."""
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]

    assert set(paths["/api/v1/courses/"]) == {"get"}
    assert set(paths["/api/v1/courses/{slug}/"]) == {"get"}
    assert set(paths["/api/v1/enrollments/"]) == {"post"}
    assert set(paths["/api/v1/lessons/{id}/complete/"]) == {"post"}
    assert set(paths["/api/v1/me/progress/"]) == {"get"}


def test_api_schema_describes_bodies_and_auth(client):
    """The enrolment body, the responses and token authentication are described."""
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    enrol = schema["paths"]["/api/v1/enrollments/"]["post"]
    complete = schema["paths"]["/api/v1/lessons/{id}/complete/"]["post"]
    listing = schema["paths"]["/api/v1/courses/"]["get"]

    assert "EnrollmentCreate" in str(enrol["requestBody"])
    assert {"200", "201", "400"} <= set(enrol["responses"])
    assert "requestBody" not in complete
    assert {"200", "400", "404"} <= set(complete["responses"])
    assert "page_size" in [p["name"] for p in listing["parameters"]]
    assert "tokenAuth" in schema["components"]["securitySchemes"]
