"""When the database drops a connection in the middle of a request: the
transaction rolled back, so nothing of this action was written; the member is told
so, in plain words, and can send it again (answers saved earlier are kept)."""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import JsonResponse
from django.template.response import SimpleTemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


# PostgreSQL's SQLSTATEs of a connection that is gone: class 08 (connection
# exception), 57P01-57P03 (terminated by an administrator, crash, restart).
LOST_SQLSTATES = ("08", "57P01", "57P02", "57P03")


def _connection_lost(error: Exception) -> bool:
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(LOST_SQLSTATES)
    # psycopg gives no SQLSTATE when the server vanished mid-query ("server
    # closed the connection unexpectedly"); SQLite's errors are never that.
    return type(cause).__module__.startswith("psycopg")


def _page_before(request) -> str:
    """The page the form was sent from (going back keeps what the browser kept)."""
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return "/"


class DatabaseInterruptionMiddleware:
    """Turns a lost database connection into a 503 "try again", never a 500 page
    with a traceback logged as our bug, and drops the broken connection so the
    next request opens a new one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError) or not _connection_lost(exception):
            return None
        log.warning("database connection lost: %s %s", request.method, request.path)
        for conn in connections.all(initialized_only=True):
            conn.close_if_unusable_or_obsolete()
        message = _(
            "La connexion au serveur a été interrompue : cette action n'a pas été "
            "enregistrée, ce que vous aviez déjà enregistré est gardé. "
            "Réessayez dans quelques secondes."
        )
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            # No context processors: they may need the database that just left.
            response = SimpleTemplateResponse(
                "503.html",
                {
                    "message": message,
                    "back": _page_before(request),
                    "LANGUAGE_CODE": get_language(),
                },
                status=503,
            )
            response.render()
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
