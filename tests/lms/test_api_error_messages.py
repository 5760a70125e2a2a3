"""API errors speak the site's language: French by default, never Django's English."""

import pytest


@pytest.mark.django_db
def test_api_error_messages_unknown_attempt_is_a_french_404(client, learner):
    client.force_login(learner)

    response = client.get("/api/v1/quiz-attempts/999999/")

    assert response.status_code == 404
    assert response.json()["detail"] == "Cette ressource n’existe pas."


@pytest.mark.django_db
def test_api_error_messages_unknown_story_is_a_french_404(client, learner):
    client.force_login(learner)

    response = client.patch(
        "/api/v1/me/stories/nope/", "{}", content_type="application/json"
    )

    assert response.status_code == 404
    assert "given query" not in response.json()["detail"]
    assert response.json()["detail"] == "Cette ressource n’existe pas."


@pytest.mark.django_db
def test_api_error_messages_anonymous_and_wrong_method_in_french(client):
    anonymous = client.get("/api/v1/me/")
    assert anonymous.status_code in (401, 403)
    assert anonymous.json()["detail"] == "Connectez-vous pour continuer."

    wrong = client.delete("/api/v1/stories/")
    assert wrong.status_code == 405
    assert "n’est pas permise" in wrong.json()["detail"]
