"""Where the time of GET /v/<code> and of the verification API goes, in one process
with no network (diagnosis for bench/verification.py; not a target).

Calls the project's WSGI handler directly, in interleaved batches, with variants that
each remove one cost: the SQLite reconnection of every request (the project sets no
CONN_MAX_AGE for SQLite), the base layout of the page, the middleware. The variants
change settings and the view's `render` in this process only; nothing is written.
Prints microseconds per request, the minimum over batches per variant."""

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.framework_tax import SCRUBBED_ENV  # noqa: E402

PAGE = "/v/{code}"
NEEDED_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

MINIMAL_TEMPLATE = (
    "{% load i18n %}<!doctype html><title>{{ code }}</title>"
    "{% if certificate %}<p>{{ certificate.get_status_display }}</p>"
    "<p>{{ certificate.holder_name }}</p><p>{{ certificate.course_title }}</p>"
    "<p>{{ certificate.issued_on|date:'DATE_FORMAT' }}</p>{% endif %}"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=30, help="per variant [30]")
    parser.add_argument("--size", type=int, default=200, help="requests a batch [200]")
    args = parser.parse_args()
    if not (1 <= args.batches <= 200 and 10 <= args.size <= 2000):
        parser.error("--batches 1..200, --size 10..2000")

    tmp = tempfile.TemporaryDirectory(prefix="sirius-bench-")
    for name in SCRUBBED_ENV:
        os.environ.pop(name, None)
    os.environ.update(
        SQLITE_PATH=str(Path(tmp.name) / "bench.sqlite3"),
        DJANGO_SETTINGS_MODULE="lms.settings",
        DJANGO_DEBUG="0",
        LOG_LEVEL="WARNING",
        VERIFICATION_RATE_LIMIT="1000000000/m",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.template import engines
    from django.test.utils import override_settings

    import certificates.views as views
    from certificates.codes import code_display

    call_command("migrate", verbosity=0)
    seeded = subprocess.run(  # noqa: S603 (fixed argv, our own interpreter)
        [sys.executable, "-m", "bench.seed_certificates", "2000", "issued"],
        cwd=ROOT,
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
    )
    codes = seeded.stdout.split()[:200]
    from django.urls import NoReverseMatch, reverse

    try:
        api = reverse("api-verification-detail", args=["CODE"]).replace(
            "CODE", "{code}"
        )
    except NoReverseMatch:
        api = None
    minimal = engines["django"].from_string(MINIMAL_TEMPLATE)
    real_render = views.render

    def minimal_render(request, template_name, context=None, status=200, **kwargs):
        from django.http import HttpResponse

        return HttpResponse(minimal.render(context, request), status=status)

    def environ(path: str) -> dict:
        return {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
        }

    def start_response(status, headers):
        if not status.startswith("200"):
            raise SystemExit(f"answered {status}")

    apps = {}

    def variant(name, *, persistent, layout=True, middleware=True, path=PAGE):
        apps[name] = (persistent, layout, middleware, path)

    variant("page as is", persistent=False)
    variant("page, persistent connection", persistent=True)
    variant("page, no base layout", persistent=False, layout=False)
    variant("page, persistent, no layout", persistent=True, layout=False)
    variant(
        "page, persistent, no layout, only session + auth middleware",
        persistent=True,
        layout=False,
        middleware=False,
    )
    if api:
        variant("api as is", persistent=False, path=api)
        variant("api, persistent connection", persistent=True, path=api)
        variant(
            "api, persistent, only session + auth middleware",
            persistent=True,
            middleware=False,
            path=api,
        )

    from django.conf import settings

    handlers = {}
    for name, (_, _, middleware, _) in apps.items():
        # The views read request.user: "no middleware" keeps the two that set it.
        kept = settings.MIDDLEWARE if middleware else NEEDED_MIDDLEWARE
        with override_settings(MIDDLEWARE=kept):
            handlers[name] = get_wsgi_application()

    best = {name: float("inf") for name in apps}
    for batch in range(args.batches):
        for name, (persistent, layout, _, path_format) in apps.items():
            connection.close()
            connection.settings_dict["CONN_MAX_AGE"] = None if persistent else 0
            views.render = real_render if layout else minimal_render
            handler = handlers[name]
            started = time.perf_counter()
            for i in range(args.size):
                code = code_display(codes[(batch + i) % len(codes)])
                path = path_format.format(code=code)
                response = handler(environ(path), start_response)
                b"".join(response)
                response.close()  # request_finished: closes the connection or not
            best[name] = min(best[name], (time.perf_counter() - started) / args.size)
    views.render = real_render
    connection.close()
    tmp.cleanup()
    print(
        f"GET /v/<code> (page) and {api or 'no API'} (api), SQLite, in-process, "
        f"minimum of {args.batches} batches of {args.size}"
    )
    for name, seconds in best.items():
        print(f"  {name:<60} {seconds * 1e6:7.0f} us/request")


if __name__ == "__main__":
    main()
