"""Trainers' uploads: checked by their content, stored under generated names."""

import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
MEGABYTE = 1024 * 1024


def image_max_bytes() -> int:
    """The largest image accepted, in bytes (setting LESSON_IMAGE_MAX_BYTES)."""
    return settings.LESSON_IMAGE_MAX_BYTES


def image_max_pixels() -> int:
    """The longest side accepted, in pixels (setting LESSON_IMAGE_MAX_PIXELS)."""
    return settings.LESSON_IMAGE_MAX_PIXELS


def too_big_error(max_bytes: int) -> ValidationError:
    """The message for a file over its limit, in megabytes as people count them."""
    return ValidationError(
        _("Ce fichier est trop lourd (%(max)s Mo au plus)."),
        params={"max": max(1, max_bytes // MEGABYTE)},
        code="file_too_big",
    )


def image_check(upload: UploadedFile) -> str:
    """The file extension for an upload that really is a PNG, JPEG or WebP image
    within the limits; ValidationError otherwise."""
    # Imported here: Pillow is only needed when trainers upload.
    from PIL import Image

    if upload.size is None or upload.size > image_max_bytes():
        raise too_big_error(image_max_bytes())
    refused = ValidationError(
        _("Ce fichier n'est pas une image PNG, JPEG ou WebP."), code="not_image"
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            real_format = image.format
            width, height = image.size
            image.verify()
    except Exception as error:  # Pillow raises many kinds for a broken file.
        raise refused from error
    finally:
        upload.seek(0)
    if real_format not in IMAGE_FORMATS:
        raise refused
    if max(width, height) > image_max_pixels():
        raise ValidationError(
            ngettext(
                "Cette image est trop grande (%(max)s pixel de côté au plus).",
                "Cette image est trop grande (%(max)s pixels de côté au plus).",
                image_max_pixels(),
            ),
            params={"max": image_max_pixels()},
            code="image_too_wide",
        )
    return IMAGE_FORMATS[real_format]


def upload_store(*, upload: UploadedFile, folder: str, extension: str) -> str:
    """Stores a checked upload under a random name in the folder; returns that name.
    The trainer's file name is never used: it could say anything."""
    upload.seek(0)
    name = f"{folder.rstrip('/')}/{uuid.uuid4().hex}.{extension}"
    return default_storage.save(name, ContentFile(upload.read()))


class UploadSizeLimit(FileUploadHandler):
    """Stops reading an upload as soon as it passes the limit: nothing is kept.
    The view sees `request.upload_too_big` and answers with a clear message."""

    def __init__(self, request, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_bytes:
            self.request.upload_too_big = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


# Containers that every current phone browser plays; the first match wins.
AUDIO_FORMATS = {".mp3": "mp3", ".m4a": "m4a", ".ogg": "ogg", ".oga": "ogg"}
VIDEO_FORMATS = {".mp4": "mp4", ".webm": "webm"}


def audio_max_bytes() -> int:
    """The largest audio file accepted (setting LESSON_AUDIO_MAX_BYTES)."""
    return settings.LESSON_AUDIO_MAX_BYTES


def video_max_bytes() -> int:
    """The largest video file accepted (setting LESSON_VIDEO_MAX_BYTES)."""
    return settings.LESSON_VIDEO_MAX_BYTES


def _sniffed_extension(upload: UploadedFile, formats: dict[str, str]) -> str | None:
    # Imported here: only trainers' uploads need it.
    import puremagic

    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return None
    for match in matches:
        if match.extension in formats:
            return formats[match.extension]
    return None


def audio_check(upload: UploadedFile) -> str:
    """The file extension for an upload that really is MP3, M4A or Ogg audio."""
    if upload.size is None or upload.size > audio_max_bytes():
        raise too_big_error(audio_max_bytes())
    extension = _sniffed_extension(upload, AUDIO_FORMATS)
    if extension is None:
        raise ValidationError(
            _("Ce fichier n'est pas un son MP3, M4A ou OGG."), code="not_audio"
        )
    return extension


def video_check(upload: UploadedFile) -> str:
    """The file extension for an upload that really is an MP4 or WebM video."""
    if upload.size is None or upload.size > video_max_bytes():
        raise too_big_error(video_max_bytes())
    extension = _sniffed_extension(upload, VIDEO_FORMATS)
    if extension is None:
        raise ValidationError(
            _("Ce fichier n'est pas une vidéo MP4 ou WebM."), code="not_video"
        )
    return extension


def limit_upload_size(max_bytes: Callable[[], int]):
    """View decorator: files past the limit are not read (`request.upload_too_big`).
    The limit must be in place before the CSRF check reads the body, so the check
    moves inside."""

    def decorator(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.upload_handlers.insert(0, UploadSizeLimit(request, max_bytes()))
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator


def upload_data(request) -> tuple:
    """A POST binds the form even when the upload was cut off and nothing came."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def upload_cut_off(request, form, field: str | None, max_bytes: int) -> bool:
    """Shows the size limit next to the field when the upload was cut off."""
    if not getattr(request, "upload_too_big", False):
        return False
    form.is_valid()
    form.add_error(field, too_big_error(max_bytes).messages[0])
    return True
