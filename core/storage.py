"""Listing what a Django storage holds under a folder, for any storage (a disk,
object storage)."""

from django.core.files.storage import Storage


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
