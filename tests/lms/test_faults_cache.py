"""Redis (the cache) stops while learners work: pages and saves go on, the
verification limit fails open, log-ins fail closed with a clear message, and all
comes back when Redis does. A redis-server of the test's own, stopped by its pid."""

import shutil

import pytest
from django.urls import reverse

from courses.models import Course, LessonProgress
from tests.factories import (
    PASSWORD,
    CourseFactory,
    EnrollmentFactory,
    LearnerFactory,
    LessonFactory,
    ModuleFactory,
)
from tests.processes import PrivateRedis

pytestmark = [
    pytest.mark.real_services,
    pytest.mark.skipif(
        shutil.which("redis-server") is None, reason="needs the redis-server binary"
    ),
    pytest.mark.django_db,
]


@pytest.fixture
def redis_cache(settings):
    redis = PrivateRedis()
    redis.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield redis
    redis.stop()


def _log_in(client, user):
    return client.post(
        reverse("account_login"), {"login": user.username, "password": PASSWORD}
    )


def test_faults_cache_down_learners_go_on_log_ins_wait(client, redis_cache):
    course = CourseFactory(status=Course.Status.PUBLISHED)
    lesson = LessonFactory(module=ModuleFactory(course=course))
    learner = EnrollmentFactory(course=course).user
    client.force_login(learner)
    assert client.get("/").status_code == 200

    redis_cache.stop()

    assert client.get("/").status_code == 200
    assert (
        client.get(reverse("courses:course-detail", args=[course.slug])).status_code
        == 200
    )
    done = client.post(
        reverse("courses:lesson-complete", args=[course.slug, lesson.pk])
    )
    assert done.status_code == 302
    assert LessonProgress.objects.filter(
        enrollment__user=learner, lesson=lesson
    ).exists()
    # Verification's limit fails open: codes cannot be guessed anyway.
    look_up = client.get("/v/ABCD-EFGH-JKMN-P")
    assert look_up.status_code < 500 and look_up.status_code != 429

    other = LearnerFactory()
    refused = _log_in(client.__class__(), other)
    assert refused.status_code == 200
    assert "momentanément indisponible" in refused.content.decode()
    assert "_auth_user_id" not in refused.wsgi_request.session

    redis_cache.start()

    fresh = client.__class__()
    assert _log_in(fresh, other).status_code == 302
    assert fresh.get("/").wsgi_request.user == other
