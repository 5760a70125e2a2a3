"""The OpenAPI schema says what the API really answers: fields and errors."""

import pytest
from django.urls import reverse

from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db


def _schema(client) -> dict:
    return client.get(reverse("api-schema"), {"format": "json"}).json()


def test_api_schema_truth_my_story_keys_are_the_schemas(client, learner):
    """A real story from GET /api/v1/me/stories/ has exactly the keys the
    schema lists as read, evidence included (it is not write-only)."""
    client.force_login(learner)
    StoryFactory(author=learner)
    schema = _schema(client)

    story = client.get("/api/v1/me/stories/").json()[0]

    properties = schema["components"]["schemas"]["MyStory"]["properties"]
    readable = {n for n, p in properties.items() if not p.get("writeOnly")}
    assert set(story) == readable
    assert {"certificates", "skills"} <= readable


def test_api_schema_truth_every_operation_documents_403_404_429(client):
    schema = _schema(client)

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"403", "404", "429"} <= set(operation["responses"]), (path, method)
            if method in ("post", "put", "patch"):
                assert "400" in operation["responses"], (path, method)
    assert "Error" in schema["components"]["schemas"]
