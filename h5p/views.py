"""H5P views: package files, served with a type from an explicit table; the
xAPI statements and saved state the player sends."""

import logging
import unicodedata

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.files import byte_range
from core.ratelimit import retry_after

from . import selectors, services
from .models import CONTENT_FOLDER, LIBRARIES_FOLDER
from .validation import CONTENT_EXTENSIONS, LIBRARY_EXTENSIONS

OFFICE = "application/vnd.openxmlformats-officedocument"
OPENDOCUMENT = "application/vnd.oasis.opendocument"
# extension: (Content-Type, served as an attachment). Never guessed, never HTML.
FILE_TYPES = {
    "json": ("application/json", False),
    "png": ("image/png", False),
    "jpg": ("image/jpeg", False),
    "jpeg": ("image/jpeg", False),
    "gif": ("image/gif", False),
    "bmp": ("image/bmp", False),
    "tif": ("image/tiff", False),
    "tiff": ("image/tiff", False),
    "eot": ("application/vnd.ms-fontobject", False),
    "ttf": ("font/ttf", False),
    "otf": ("font/otf", False),
    "woff": ("font/woff", False),
    "woff2": ("font/woff2", False),
    "webm": ("video/webm", False),
    "mp4": ("video/mp4", False),
    "ogg": ("audio/ogg", False),
    "mp3": ("audio/mpeg", False),
    "m4a": ("audio/mp4", False),
    "wav": ("audio/wav", False),
    "txt": ("text/plain; charset=utf-8", False),
    "diff": ("text/plain; charset=utf-8", False),
    "patch": ("text/plain; charset=utf-8", False),
    "textile": ("text/plain; charset=utf-8", False),
    "md": ("text/markdown; charset=utf-8", False),
    "vtt": ("text/vtt; charset=utf-8", False),
    "webvtt": ("text/vtt; charset=utf-8", False),
    "csv": ("text/csv; charset=utf-8", True),
    "gltf": ("model/gltf+json", False),
    "glb": ("model/gltf-binary", False),
    "pdf": ("application/pdf", True),
    "rtf": ("application/rtf", True),
    "doc": ("application/msword", True),
    "docx": (f"{OFFICE}.wordprocessingml.document", True),
    "xls": ("application/vnd.ms-excel", True),
    "xlsx": (f"{OFFICE}.spreadsheetml.sheet", True),
    "ppt": ("application/vnd.ms-powerpoint", True),
    "pptx": (f"{OFFICE}.presentationml.presentation", True),
    "odt": (f"{OPENDOCUMENT}.text", True),
    "ods": (f"{OPENDOCUMENT}.spreadsheet", True),
    "odp": (f"{OPENDOCUMENT}.presentation", True),
    "swf": ("application/x-shockwave-flash", True),
    # Library files only (installed by administrators).
    "js": ("text/javascript; charset=utf-8", False),
    "css": ("text/css; charset=utf-8", False),
    "svg": ("image/svg+xml", False),
    "xml": ("application/xml", True),  # an XHTML document would run its scripts
}
# Opened on its own, no file runs a script or reaches anything (SVG included);
# a page that loads these files is governed by its own policy, not this one.
SANDBOX_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
LIBRARY_CACHE = "public, max-age=604800"  # a patch upgrade reaches browsers in a week
CONTENT_CACHE = "private, max-age=3600"


def _segments(path: str) -> list[str]:
    """The path's parts, or a 404 for anything that could leave the folder."""
    segments = path.split("/")
    for segment in segments:
        if (
            segment in ("", ".", "..")
            or "\\" in segment
            or ":" in segment
            or any(unicodedata.category(c) in ("Cc", "Cf") for c in segment)
        ):
            raise Http404
    return segments


def _storage_name(request: HttpRequest, segments: list[str]) -> tuple[str, str, set]:
    """(storage name, Cache-Control, allowed extensions) for a file URL."""
    kind, *rest = segments
    if kind == "libraries" and len(rest) >= 2:
        library = selectors.library_for_folder(folder=rest[0])
        name = "/".join([LIBRARIES_FOLDER, library.folder_name, *rest[1:]])
        return name, LIBRARY_CACHE, LIBRARY_EXTENSIONS
    if kind == "content" and len(rest) >= 2 and rest[0].isdigit():
        # Only for members who may play it (a learner of a course that uses it).
        content = selectors.content_for_player(
            user=request.user, content_id=int(rest[0])
        )
        if rest[1:] != ["h5p.json"] and rest[1] != "content":
            raise Http404
        name = "/".join([CONTENT_FOLDER, str(content.pk), *rest[1:]])
        return name, CONTENT_CACHE, CONTENT_EXTENSIONS
    raise Http404


@require_safe
def package_file(request: HttpRequest, path: str) -> HttpResponseBase:
    """A library file (public) or a content file (members who may play it)."""
    segments = _segments(path)
    name, cache_control, allowed = _storage_name(request, segments)
    base = segments[-1]
    extension = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    if extension not in allowed or extension not in FILE_TYPES:
        raise Http404
    content_type, attachment = FILE_TYPES[extension]
    try:
        if not default_storage.exists(name):
            raise Http404
        handle = default_storage.open(name, "rb")
    except (OSError, SuspiciousFileOperation) as error:
        raise Http404 from error
    response = FileResponse(
        handle, content_type=content_type, as_attachment=attachment, filename=base
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    response["Content-Security-Policy"] = SANDBOX_POLICY
    return byte_range(request, response)


# --- What the player sends: one xAPI statement, or the learner's state ---

logger = logging.getLogger(__name__)


def _json_error(message: str, code: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message, "code": code}, status=status)


def _body_within(request: HttpRequest, max_bytes: int) -> bytes | None:
    """The body, or None when it is over max_bytes (refused before parsing,
    whatever Content-Length claims)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        return None
    body = request.read(max_bytes + 1)
    return None if len(body) > max_bytes else body


def _player_post(request: HttpRequest, content_id: int, max_bytes: int):
    """(content, body) for a member who may play the content, or the JSON
    error to answer: 403 visitor, 429 too many, 400 too big, 404 not theirs."""
    if not request.user.is_authenticated:
        return None, _json_error(_("Connectez-vous d'abord."), "not_logged_in", 403)
    wait = retry_after(
        scope="h5p-xapi",
        identity=str(request.user.pk),
        rate=settings.H5P_XAPI_RATE_LIMIT,
        setting="H5P_XAPI_RATE_LIMIT",
    )
    if wait is not None:
        response = _json_error(
            _("Trop d'envois en peu de temps. Réessayez dans un instant."),
            "rate_limited",
            429,
        )
        response["Retry-After"] = str(wait)
        return None, response
    body = _body_within(request, max_bytes)
    if body is None:
        return None, _json_error(_("Envoi trop lourd."), "too_big")
    content = selectors.content_for_player(user=request.user, content_id=content_id)
    return content, body


def _refused(error: ValidationError) -> JsonResponse:
    code = getattr(error, "code", None) or "invalid"
    return _json_error(" ".join(error.messages), code)


@require_POST
def xapi_statement(request: HttpRequest, content_id: int) -> JsonResponse:
    """One xAPI statement from the player (logged in, CSRF token, size-capped,
    rate-limited); the logged-in member is its actor whatever it claims."""
    content, body = _player_post(request, content_id, settings.H5P_MAX_STATEMENT_BYTES)
    if content is None:
        return body
    try:
        recorded = services.statement_record(
            user=request.user, content=content, statement=body
        )
    except ValidationError as error:
        logger.info(
            "h5p statement refused for content %s, user %s: %s",
            content.pk,
            request.user.pk,
            getattr(error, "code", None),
        )
        return _refused(error)
    return JsonResponse({"id": str(recorded.statement_id)}, status=201)


@require_POST
def state_save(request: HttpRequest, content_id: int) -> JsonResponse:
    """Where the member is in the activity (JSON, size-capped); empty forgets it."""
    content, body = _player_post(request, content_id, settings.H5P_MAX_STATE_BYTES)
    if content is None:
        return body
    try:
        text = body.decode("utf-8")
        services.state_save(user=request.user, content=content, data=text)
    except UnicodeDecodeError:
        return _json_error(_("L'état de l'activité est illisible."), "bad_state")
    except ValidationError as error:
        return _refused(error)
    return JsonResponse({"saved": bool(text)})
