"""Settings of the Sirius Hub platform, read from environment variables (see README)."""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from lms.database import default_database

BASE_DIR = Path(__file__).resolve().parent.parent
NODE_MODULES = BASE_DIR / "node_modules"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    default="django-insecure-local-demo-key-never-use-in-production",
)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Sirius Hub"
_site = urlsplit(SITE_URL)
HTTPS = _site.scheme == "https"

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[_site.hostname, "127.0.0.1", "localhost"]
)
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]

INSTALLED_APPS = [
    # Our apps first, so their templates and translations override third parties'.
    "members",
    "skills",
    "quizzes",
    "h5p",
    "courses",
    "certificates",
    "stories",
    "interests",
    "sharing",
    "reports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "django_htmx",
    "lms",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so every answer gets the policy: error pages and the 503 included.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it is the first to see an exception: a lost database connection.
    "core.interruptions.DatabaseInterruptionMiddleware",
]

ROOT_URLCONF = "lms.urls"
FORM_RENDERER = "core.forms.SiriusFormRenderer"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "members.context_processors.help_contact",
            ],
            # {% langdir %} and |bdi on every page: content keeps its direction.
            "builtins": ["core.templatetags.languages"],
        },
    },
]

# Database: SQLite for the demo, PostgreSQL (DATABASE_URL) in CI and production;
# SQLite's locking options however it is chosen (lms/database.py).
DATABASES = {"default": default_database(env, BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache (also holds log-in throttling counters): Redis when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # While Redis is away pages go on (core/cache.py); short timeouts so a
            # paused Redis costs a second, not a hung request.
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: without a broker, tasks run in-process when they are sent.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Brussels"
CELERY_BEAT_SCHEDULE = {
    "certificates-sweep": {
        "task": "certificates.tasks.certificates_sweep_task",
        "schedule": 300.0,
    },
    "email-deliveries-forget": {
        "task": "members.tasks.email_deliveries_forget_task",
        "schedule": 86400.0,
    },
    "report-exports-expire": {
        "task": "reports.tasks.report_exports_expire_task",
        "schedule": 3600.0,
    },
}
# Who signs the certificates, and when a certificate still in preparation is re-queued.
CERTIFICATE_ISSUER_NAME = env.str(
    "CERTIFICATE_ISSUER_NAME", default="Le Monde des Possibles asbl (Sirius Hub)"
)
CERTIFICATE_ISSUER_COMPANY_NUMBER = env.str(
    "CERTIFICATE_ISSUER_COMPANY_NUMBER", default=""
)
CERTIFICATE_SWEEP_MINUTES = env.int("CERTIFICATE_SWEEP_MINUTES", default=10)
CERTIFICATE_MAX_SWEEPS = env.int("CERTIFICATE_MAX_SWEEPS", default=12)
# Certificate look-ups per client address (page and API together), counted in
# the cache so that every process shares the counter: "60/m", "1000/h", "300/5m".
VERIFICATION_RATE_LIMIT = env.str("VERIFICATION_RATE_LIMIT", default="60/m")
# A logged-in partner's look-ups count per organisation, apart from the addresses.
PARTNER_VERIFICATION_RATE_LIMIT = env.str(
    "PARTNER_VERIFICATION_RATE_LIMIT", default="1000/m"
)
# Open Badges signing key (Ed25519 secret Multikey, z3u2...): in the environment or in
# a file. Without either, development and tests generate one into
# CREDENTIAL_DEV_KEY_FILE (ignored by git); `check --deploy` refuses that.
CREDENTIAL_SIGNING_KEY = env.str("CREDENTIAL_SIGNING_KEY", default="")
CREDENTIAL_SIGNING_KEY_FILE = env.str("CREDENTIAL_SIGNING_KEY_FILE", default="")
CREDENTIAL_DEV_KEY_FILE = BASE_DIR / ".credentials" / "signing-key"

# E-mail: printed on the console unless EMAIL_URL names a server.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# A mail server that accepts and never answers must not hold a worker forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Sirius Hub <no-reply@sirius-hub.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
HELP_CONTACT = env.str("HELP_CONTACT", default="+32 4 000 00 00")
# Where "Signaler un problème" on a lesson sends its e-mail.
HELP_EMAIL = env.str("HELP_EMAIL", default="aide@sirius-hub.example")

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "members.backends.MemberBackend",
    "members.backends.MemberAllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation"
        ".UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: username or e-mail, e-mail optional, log-in by code, throttling.
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "members.forms.LoginForm",
    "confirm_login_code": "members.forms.ConfirmLoginCodeForm",
    "signup": "members.forms.SignupForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    # Failed log-ins: per address and per account, known or not.
    "login_failed": "10/m/ip,5/5m/key",
    # Every log-in, per address: a classroom behind one public address shares it,
    # so a large group may need more than allauth's 30 a minute.
    "login": env.str("LOGIN_RATE_LIMIT", default="30/m/ip"),
}
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "

# Log-in cards printed by trainers for learners without e-mail.
LOGIN_CARD_TTL_DAYS = env.int("LOGIN_CARD_TTL_DAYS", default=7)
# Impact reports: a published count from 1 to THRESHOLD - 1 shows as "< 5"; the
# others are rounded to the nearest multiple of ROUNDING_BASE (1: exact figures),
# so comparing two overlapping reports never gives back a small count.
REPORT_SUPPRESSION_THRESHOLD = env.int("REPORT_SUPPRESSION_THRESHOLD", default=5)
REPORT_ROUNDING_BASE = env.int("REPORT_ROUNDING_BASE", default=5)

LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "core.staticfinders.NodeModulesFinder",
]
# Front-end packages installed by `npm ci`, never copied into the repository:
# (static path, file or folder under node_modules).
NPM_STATIC_FILES = [
    ("vendor/pico/pico.min.css", "@picocss/pico/css/pico.min.css"),
    ("vendor/h5p-standalone", "h5p-standalone/dist"),
    # The impact report's charts only (templates/reports/report_detail.html).
    # Its source map too: collectstatic's manifest follows the file's reference.
    ("vendor/chart.js/chart.umd.min.js", "chart.js/dist/chart.umd.min.js"),
    ("vendor/chart.js/chart.umd.min.js.map", "chart.js/dist/chart.umd.min.js.map"),
]
# Source maps are for developers: brotli-compressing them doubled collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
MEDIA_URL = "media/"
MEDIA_URL_PATH = "/" + MEDIA_URL  # how media URLs start in rendered HTML
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Django serves uploads itself unless a web server or object storage does.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=True)
# Trainers' uploads: checked by content, refused past these sizes.
LESSON_IMAGE_MAX_BYTES = env.int("LESSON_IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
LESSON_IMAGE_MAX_PIXELS = env.int("LESSON_IMAGE_MAX_PIXELS", default=4000)
LESSON_AUDIO_MAX_BYTES = env.int("LESSON_AUDIO_MAX_BYTES", default=20 * 1024 * 1024)
LESSON_VIDEO_MAX_BYTES = env.int("LESSON_VIDEO_MAX_BYTES", default=200 * 1024 * 1024)
# H5P packages: checked entry by entry before anything is extracted (h5p/validation.py).
H5P_MAX_PACKAGE_BYTES = env.int("H5P_MAX_PACKAGE_BYTES", default=64 * 1024 * 1024)
H5P_MAX_ENTRIES = env.int("H5P_MAX_ENTRIES", default=5000)
H5P_MAX_FILE_BYTES = env.int("H5P_MAX_FILE_BYTES", default=16 * 1024 * 1024)
H5P_MAX_TOTAL_BYTES = env.int("H5P_MAX_TOTAL_BYTES", default=64 * 1024 * 1024)
H5P_MAX_RATIO = env.int("H5P_MAX_RATIO", default=200)
H5P_MAX_STATE_BYTES = env.int("H5P_MAX_STATE_BYTES", default=256 * 1024)
H5P_MAX_STATEMENT_BYTES = env.int("H5P_MAX_STATEMENT_BYTES", default=64 * 1024)
# Course archives (sharing/archive.py): checked like uploads; this bounds the upload
# and its decompressed total.
COURSE_ARCHIVE_MAX_BYTES = env.int("COURSE_ARCHIVE_MAX_BYTES", default=512 * 2**20)
COURSE_ARCHIVE_MAX_ENTRIES = env.int("COURSE_ARCHIVE_MAX_ENTRIES", default=10_000)
# xAPI statements and saved states one learner may send (H5P sends a few a click).
H5P_XAPI_RATE_LIMIT = env.str("H5P_XAPI_RATE_LIMIT", default="120/m")
# How many different members one partner organisation may signal interest in.
INTEREST_RATE_LIMIT = env.str("INTEREST_RATE_LIMIT", default="30/d")
# Course archives one trainer may import and export together (sharing/ratelimit.py).
COURSE_ARCHIVE_RATE_LIMIT = env.str("COURSE_ARCHIVE_RATE_LIMIT", default="20/h")
# Who may play a content: the rule of the app that places contents in lessons.
H5P_CONTENT_ACCESS = "courses.h5p.selectors.h5p_content_playable"
# The trainer dashboard flags a learner with no activity for this many days.
SIRIUS_STUCK_AFTER_DAYS = env.int("SIRIUS_STUCK_AFTER_DAYS", default=14)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Object storage instead of MEDIA_ROOT: every file is read and written through
# STORAGES, so several application servers share one bucket. Credentials come from
# boto3's own environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "core.storage.SiteServedS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Two uploads with one name both keep their file, as on a disk.
            "file_overwrite": False,
            "default_acl": None,
        },
    }

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # For clients other than the browser: "Authorization: Token <key>".
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        # DRF's JSONParser that also refuses duplicate keys (core/parsers.py).
        "core.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # JSON errors everywhere, a 413 for an oversized body included (core/api_errors.py).
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "600/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sirius Hub API",
    "DESCRIPTION": "Courses, progress, quizzes and certificates of Sirius Hub.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # 400, 403, 404, 413 and 429 answers documented on every operation.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api_schema.document_errors",
    ],
    # Enums that share a field name ("kind", "language") get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "LessonKindEnum": "courses.models.Lesson.Kind",
        "QuestionKindEnum": "quizzes.models.Question.Kind",
        "StoryKindEnum": "stories.models.Story.Kind",
        "StoryLanguageEnum": "stories.models.LANGUAGE_CHOICES",
        # The platform's four languages (courses) keep their name beside stories'.
        "LanguageEnum": "django.conf.settings.LANGUAGES",
    },
}

# Security headers everywhere; transport security once the site is served over https.
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (django-csp): only our origin's scripts and styles, and no
# inline ones: a markup slip in Markdown or a template runs nothing. data: images
# are the QR codes and Pico's SVG icons. A response that sets its own policy (private
# files, H5P package files) keeps it. The H5P player needs nothing more (div embed
# mode, library scripts served from our origin); the API docs page adds an inline
# style with csp_update (lms/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_FAILURE_VIEW = "lms.csrf.csrf_failure"  # the site's layout, a way back
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.bool("DJANGO_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    # The reverse proxy terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Log-in throttling counts per client address, read from X-Forwarded-For.
    ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=1)
# /healthz is probed by load balancers over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "filters": {"mask_secrets": {"()": "core.logging.MaskSecrets"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every step at INFO: one line per step per certificate.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
