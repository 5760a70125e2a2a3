"""POST /h5p/<id>/xapi/ and /h5p/<id>/state/: logged in, CSRF-protected,
size-capped, rate-limited, for members who may play the content."""

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from courses.h5p.services import h5p_lesson_create
from courses.models import LessonProgress
from h5p.models import Attempt, SavedState, Statement
from h5p.selectors import content_iri
from h5p.services import package_install
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    ModuleFactory,
    StaffFactory,
)
from tests.h5p import packages as p

pytestmark = pytest.mark.django_db

VERBS = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture
def content():
    return package_install(upload=p.good_package(), user=StaffFactory())


@pytest.fixture
def lesson(content):
    module = ModuleFactory()
    return h5p_lesson_create(
        module=module, title="Vrai ou faux", minutes=3, required=True, content=content
    )


@pytest.fixture
def learner(lesson):
    """A learner enrolled in the course whose lesson plays the content."""
    return EnrollmentFactory(course=lesson.module.course).user


def _statement(content, verb_name="answered", raw=1, top=1, **changes) -> dict:
    data = {
        "id": str(uuid.uuid4()),
        "actor": {"mbox": "mailto:pirate@example.org", "name": "Pirate"},
        "verb": {"id": VERBS + verb_name},
        "object": {"id": content_iri(content)},
        "result": {
            "score": {"min": 0, "max": top, "raw": raw, "scaled": raw / top},
            "success": raw == top,
        },
    }
    data.update(changes)
    return data


def _post(client, content, body, name="h5p:xapi"):
    if not isinstance(body, str | bytes):
        body = json.dumps(body)
    return client.post(
        reverse(name, args=[content.pk]), body, content_type="application/json"
    )


def test_views_xapi_other_actor_stored_as_logged_in_user(client, content, learner):
    """The claimed actor is ignored: the statement is the logged-in learner's."""
    client.force_login(learner)
    response = _post(client, content, _statement(content))
    assert response.status_code == 201
    recorded = Statement.objects.get()
    assert recorded.user == learner
    assert recorded.raw["actor"]["account"]["name"] == str(learner.pk)
    assert "Pirate" not in json.dumps(recorded.raw)


@pytest.mark.parametrize(
    ("case", "changes"),
    [
        ("wrong object", {"object": {"id": "http://evil.example/h5p/1"}}),
        ("raw over max", {"result": {"score": {"min": 0, "max": 1, "raw": 50}}}),
        ("negative", {"result": {"score": {"min": 0, "max": 1, "raw": -1}}}),
        ("verb", {"verb": {"id": "http://adlnet.gov/expapi/verbs/deleted"}}),
    ],
)
def test_views_xapi_bad_statement_is_400_nothing_stored(
    client, content, learner, case, changes
):
    """A wrong object id, raw > max, a negative score or a verb off the list:
    400 with the reason as JSON; no statement, no attempt, no progress."""
    client.force_login(learner)
    response = _post(client, content, _statement(content, **changes))
    assert response.status_code == 400, case
    assert response.json()["error"]
    assert not Statement.objects.exists()
    assert not Attempt.objects.exists()
    assert not LessonProgress.objects.exists()


def test_views_xapi_one_megabyte_refused_before_parsing(client, content, learner):
    """1 MB of JSON: 400, refused on its size; nothing stored."""
    client.force_login(learner)
    padding = "x" * (1024 * 1024)
    response = _post(client, content, _statement(content, padding=padding))
    assert response.status_code == 400
    assert response.json()["code"] == "too_big"
    assert not Statement.objects.exists()


def test_views_xapi_nan_is_400(client, content, learner):
    """NaN is not JSON: 400, not a server error."""
    client.force_login(learner)
    body = json.dumps(_statement(content)).replace('"raw": 1', '"raw": NaN')
    assert _post(client, content, body).status_code == 400
    assert not Statement.objects.exists()


def test_views_xapi_without_csrf_token_is_403(content, learner):
    """A cross-site POST (no CSRF token): 403 and nothing stored."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = _post(client, content, _statement(content))
    assert response.status_code == 403
    assert not Statement.objects.exists()


def test_views_xapi_with_csrf_header_is_accepted(content, learner):
    """The player's way: the token from the page in the X-CSRFToken header."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    client.get("/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("h5p:xapi", args=[content.pk]),
        json.dumps(_statement(content)),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201


def test_views_xapi_learner_not_enrolled_gets_404(client, content, lesson):
    """A learner who does not follow the course: 404, nothing stored."""
    client.force_login(LearnerFactory())
    assert _post(client, content, _statement(content)).status_code == 404
    assert not Statement.objects.exists()


def test_views_xapi_visitor_gets_403(client, content, lesson):
    """A visitor: 403 JSON, nothing stored."""
    assert _post(client, content, _statement(content)).status_code == 403
    assert not Statement.objects.exists()


def test_views_xapi_unknown_content_404(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse("h5p:xapi", args=[999999]), "{}", content_type="application/json"
    )
    assert response.status_code == 404


def test_views_xapi_get_not_allowed(client, content, learner):
    client.force_login(learner)
    assert client.get(reverse("h5p:xapi", args=[content.pk])).status_code == 405


def test_views_xapi_rate_limited_per_user(client, settings, content, learner):
    """Past H5P_XAPI_RATE_LIMIT: 429 with Retry-After; another learner is not
    slowed down."""
    settings.H5P_XAPI_RATE_LIMIT = "2/m"
    client.force_login(learner)
    for _ in range(2):
        assert _post(client, content, _statement(content, "attempted")).status_code
    response = _post(client, content, _statement(content, "attempted"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert Statement.objects.count() == 2
    other = EnrollmentFactory(course=learner.enrollments.get().course).user
    client.force_login(other)
    assert _post(client, content, _statement(content)).status_code == 201


def test_views_xapi_finishing_marks_lesson_done(
    client, content, lesson, learner, django_capture_on_commit_callbacks
):
    """A root `answered` finishes the attempt and, after commit, the lesson;
    even with a score of 0 (finishing counts, not the score)."""
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, content, _statement(content, raw=0))
    assert response.status_code == 201
    attempt = Attempt.objects.get()
    assert attempt.completed and attempt.raw == 0 and attempt.max == 1
    assert LessonProgress.objects.filter(
        enrollment__user=learner, lesson=lesson
    ).exists()


def test_views_xapi_sub_content_does_not_finish(
    client, content, lesson, learner, django_capture_on_commit_callbacks
):
    """An `answered` about a sub-content does not finish the lesson."""
    client.force_login(learner)
    sub = {"id": content_iri(content) + "?subContentId=abc-123"}
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, content, _statement(content, object=sub)).status_code
    assert Statement.objects.count() == 1
    assert not LessonProgress.objects.exists()


def test_views_state_saved_and_forgotten(client, content, learner):
    """The learner's state is stored, replaced, then forgotten with an empty body."""
    client.force_login(learner)
    response = _post(client, content, '{"chosen": 1}', name="h5p:state")
    assert response.status_code == 200
    assert SavedState.objects.get(user=learner).data == '{"chosen": 1}'
    _post(client, content, '{"chosen": 0}', name="h5p:state")
    assert SavedState.objects.get(user=learner).data == '{"chosen": 0}'
    _post(client, content, "", name="h5p:state")
    assert not SavedState.objects.exists()


def test_views_state_too_big_or_not_json_is_400(client, settings, content, learner):
    """Over H5P_MAX_STATE_BYTES or not JSON: 400, nothing kept."""
    settings.H5P_MAX_STATE_BYTES = 100
    client.force_login(learner)
    big = json.dumps({"x": "y" * 200})
    assert _post(client, content, big, name="h5p:state").status_code == 400
    assert _post(client, content, "{oops", name="h5p:state").status_code == 400
    assert not SavedState.objects.exists()


def test_views_state_other_learner_404(client, content, lesson):
    client.force_login(LearnerFactory())
    response = _post(client, content, '{"chosen": 1}', name="h5p:state")
    assert response.status_code == 404
    assert not SavedState.objects.exists()
