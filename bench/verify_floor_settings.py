"""Floor of the verification benchmark: the same Django, no middleware, no apps, one
database with a persistent connection (the certificates table of the project's
database, read with one indexed query by unique code)."""

import os

import environ

DEBUG = False
SECRET_KEY = "bench-only-not-a-secret"  # noqa: S105 (loopback benchmark, never deployed)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.verify_floor"
USE_I18N = True
USE_TZ = True
LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Brussels"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": environ.Env.db_url_config(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ["SQLITE_PATH"],
        }
    }
DATABASES["default"]["CONN_MAX_AGE"] = None  # persistent: one connection per worker
