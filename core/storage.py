"""Django storages for any place files live (a disk, object storage): listing a
folder, and object storage whose files leave only through the site's own views."""

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import Storage
from storages.backends.s3 import S3Storage


def storage_files(storage: Storage, folder: str) -> list[str]:
    """Every file under a folder of the storage, recursively and in name order
    (none if the folder is absent)."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    prefix = f"{folder}/" if folder else ""  # "": the storage's root
    names = [f"{prefix}{name}" for name in sorted(files)]
    for sub in sorted(folders):
        names.extend(storage_files(storage, f"{prefix}{sub}"))
    return names


class SiteServedS3Storage(S3Storage):
    """An S3 bucket (AWS, MinIO, Ceph, Scaleway...) that stays private: a file's URL
    is the site's own /media/ path, so every file goes through Django's views, which
    check who asks for private ones, answer byte ranges for players and keep the
    Content-Security-Policy's img-src and media-src to 'self'. The bucket needs no
    public access and no CORS."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"{settings.MEDIA_URL_PATH}{quote(name)}"
