"""Fixtures shared by every test: storage, Celery mode, factories as fixtures."""

import os

import pytest

from tests.factories import (
    LearnerFactory,
    OrganisationFactory,
    PartnerFactory,
    TrainerFactory,
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses calls from such a thread unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Templates resolve static URLs without the collectstatic manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so log-in throttling never leaks."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _platform_language():
    """Each test starts in French: a request in Arabic by an earlier test leaves
    Arabic active in the thread, and pytest-django runs tests without a database
    last, after those requests."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """A fast hasher: tests check who may log in, not the cost of hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _celery_mode(request):
    """Tasks run in-process, except in tests marked celery_worker (real broker)."""
    from lms.celery import app

    eager = request.node.get_closest_marker("celery_worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager or previous
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def celery_worker_thread(transactional_db):
    """A real Celery worker on CELERY_BROKER_URL, in a thread of this process."""
    from django.conf import settings

    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs CELERY_BROKER_URL (a real broker); .ci/run sets it")
    from celery.contrib.testing.worker import start_worker

    from lms.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


@pytest.fixture
def digcomp(transactional_db):
    """DigComp 2.2 comes from a data migration, which the flush after each
    transactional test empties: load it again (idempotent) when it is missing."""
    import importlib

    from django.apps import apps

    from skills.models import Competence

    if not Competence.objects.exists():
        migration = importlib.import_module("skills.migrations.0002_load_digcomp_2_2")
        migration.load_digcomp(apps, None)


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def learner(db):
    return LearnerFactory()


@pytest.fixture
def trainer(db):
    return TrainerFactory()


@pytest.fixture
def partner(db):
    return PartnerFactory()
