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


def test_api_errors_unmatched_api_address_answers_json_404(client):
    """A slug no route accepts (a fuzzer's, or a typo) gets the API's JSON 404,
    not the site's HTML page."""
    response = client.get("/api/v1/stories/pas un slug !/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Cette ressource n’existe pas."}
    assert client.get("/pas-une-page/")["Content-Type"].startswith("text/html")
