"""Stored files sent by views: byte ranges for players, and private files that only
some people may see (a photo or a recording stops being reachable with its page)."""

import mimetypes
import re

from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import http_date

# One range only: players ask for one; several, or other units, get the whole file,
# which RFC 9110 allows.
SINGLE_BYTE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def byte_range(request, response: HttpResponseBase) -> HttpResponseBase:
    """The part of a file response that the player asked for (206), or 416 when it
    lies past the end. Safari on iPhones plays no sound or video from a server that
    ignores Range. The one library for this (django-ranged-response) reads whole
    files into memory and fails on a malformed header, hence these few lines."""
    if not isinstance(response, FileResponse) or response.status_code != 200:
        return response
    if response.file_to_stream is None or not response.has_header("Content-Length"):
        return response
    response["Accept-Ranges"] = "bytes"
    match = SINGLE_BYTE_RANGE.match(request.headers.get("Range", "").strip())
    if_range = request.headers.get("If-Range")
    if not match or (if_range and if_range != response.get("Last-Modified")):
        return response
    size = int(response["Content-Length"])
    first, last = match.groups()
    if first:
        start = int(first)
        if last and int(last) < start:
            return response  # not a valid range: ignored, the whole file
        end = min(int(last), size - 1) if last else size - 1
    elif last:
        start, end = max(0, size - int(last)), size - 1
    else:
        return response
    if start >= size:
        response.close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    handle = response.file_to_stream
    handle.seek(start)
    length = end - start + 1
    response.streaming_content = _chunks(handle, length, response.block_size)
    response.status_code = 206
    response["Content-Length"] = str(length)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return response


def _chunks(handle, length: int, block_size: int):
    while length > 0:
        data = handle.read(min(block_size, length))
        if not data:
            return
        length -= len(data)
        yield data


def _stored_file(name: str) -> FileResponse:
    """The stored file as a response, from whatever storage is configured; Http404
    when it is missing or its name climbs out of the storage."""
    if not name:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousOperation) as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def public_file_response(request, name: str) -> HttpResponseBase:
    """A file anyone may see (a lesson's image or recording), cached for a day."""
    response = _stored_file(name)
    try:
        modified = default_storage.get_modified_time(name)
    except (NotImplementedError, OSError):
        modified = None
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    response["Cache-Control"] = "public, max-age=86400"
    return byte_range(request, response)


def private_file_response(request, name: str) -> HttpResponseBase:
    """The stored file, never cached by a browser or a proxy; Http404 when missing."""
    response = _stored_file(name)
    # No copy outlives a withdrawal: every look asks the view again.
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Referrer-Policy"] = "no-referrer"
    return byte_range(request, response)
