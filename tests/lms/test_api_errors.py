"""Every API endpoint answers in JSON, an oversized body included."""

import json

import pytest


@pytest.mark.django_db
def test_api_errors_oversized_body_is_a_json_413(client, learner):
    """3 MB of JSON to any endpoint: 413 with a readable message, not an HTML page."""
    client.force_login(learner)
    body = json.dumps({"course": "x" * 3_000_000})

    response = client.post(
        "/api/v1/enrollments/", body, content_type="application/json"
    )

    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "trop grande" in response.json()["detail"]
