"""Rebuilds a `.h5p` package from an installed content: what was accepted (the
sanitised parameters, the stored media, the libraries it needs), not the upload."""

import json
import zipfile
from typing import BinaryIO

from django.core.files.storage import default_storage

from core.archives import CHUNK_BYTES
from core.storage import storage_files

from .models import Content

CONTENT_JSON = "content/content.json"


def _write_stored(archive: zipfile.ZipFile, storage_name: str, entry: str) -> None:
    with (
        default_storage.open(storage_name, "rb") as source,
        archive.open(entry, "w") as out,
    ):
        while chunk := source.read(CHUNK_BYTES):
            out.write(chunk)


def content_package_write(content: Content, fileobj: BinaryIO) -> None:
    """Writes the content as a package that package_validate accepts: h5p.json,
    content/ and the folder of every library in its dependency closure."""
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "h5p.json", json.dumps(content.h5p_json, ensure_ascii=False, indent=1)
        )
        archive.writestr(
            CONTENT_JSON, json.dumps(content.content_json, ensure_ascii=False)
        )
        prefix = f"{content.folder}/"
        for name in sorted(storage_files(default_storage, f"{content.folder}/content")):
            entry = name.removeprefix(prefix)
            if entry != CONTENT_JSON:  # written above from the sanitised row
                _write_stored(archive, name, entry)
        # .all(), sorted here: a caller may have prefetched the libraries.
        libraries = sorted(content.libraries.all(), key=lambda lib: lib.folder_name)
        for library in libraries:
            library_prefix = f"{library.folder}/"
            for name in sorted(storage_files(default_storage, library.folder)):
                entry = f"{library.folder_name}/{name.removeprefix(library_prefix)}"
                _write_stored(archive, name, entry)
