"""Every write endpoint of the API answers 400, never 500, to a JSON body that is
not an object or to a number too large for the database."""

import json

import pytest
from django.urls import URLPattern

from lms import api_urls
from tests.stories.factories import StoryFactory

NOT_OBJECTS = ["null", "42", "true", '"texte"', "[1, 2]"]
WRITE_METHODS = ("post", "put", "patch")


def _write_routes(slug: str) -> list[tuple[str, str]]:
    """(method, path) for every write method of every /api/v1/ route; the
    caller's own story slug where one is asked, so the body is really read."""
    values = {"slug": slug, "pk": "1", "position": "1", "code": "ABCD"}
    routes = []
    for pattern in api_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        view = pattern.callback.view_class
        route = "/api/v1/" + str(pattern.pattern)
        for name, value in values.items():
            for converter in ("slug", "int", "str"):
                route = route.replace(f"<{converter}:{name}>", value)
        routes += [(m, route) for m in WRITE_METHODS if hasattr(view, m)]
    return routes


@pytest.mark.django_db
@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_api_body_shapes_not_an_object_is_a_400_on_every_write(client, learner, body):
    client.force_login(learner)
    client.raise_request_exception = False
    story = StoryFactory(author=learner)
    routes = _write_routes(story.slug)
    assert ("patch", "/api/v1/me/portfolio/") in routes

    answers = {
        (method, path): getattr(client, method)(
            path, body, content_type="application/json"
        )
        for method, path in routes
    }

    errors = {k: r.status_code for k, r in answers.items() if r.status_code >= 500}
    assert errors == {}
    for key in [("post", "/api/v1/me/stories/"), ("patch", "/api/v1/me/portfolio/")]:
        assert answers[key].status_code == 400
        assert "objet" in answers[key].json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("huge", [2**63, -(2**63) - 1, "9223372036854775808"])
def test_api_body_shapes_huge_skill_id_is_a_400(client, learner, huge):
    client.force_login(learner)
    client.raise_request_exception = False
    story = StoryFactory(author=learner)

    for method, path in [
        ("post", "/api/v1/me/stories/"),
        ("patch", f"/api/v1/me/stories/{story.slug}/"),
    ]:
        body = {"title": "T", "body": "B", "kind": "job", "skills": [huge]}
        response = getattr(client, method)(
            path, json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 400, (path, response.content[:300])
