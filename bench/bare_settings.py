"""Floor settings: the same Django, no middleware, no apps, no database."""

DEBUG = False
SECRET_KEY = "bench-only-not-a-secret"  # noqa: S105 (loopback benchmark, never deployed)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.bare_urls"
DATABASES: dict = {}
USE_I18N = True
USE_TZ = True
LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Brussels"
