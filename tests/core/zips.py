"""Zip files for tests of archive checks, built cheaply."""

import io
import struct
import zipfile


def declaring_entries(count: int) -> bytes:
    """A one-entry zip whose (Zip64) end record declares `count` entries: what a
    100,000-entry archive announces, without writing them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("course.json", "{}")
    data = buffer.getvalue()
    size = struct.calcsize(zipfile.structEndArchive)
    end = struct.unpack(zipfile.structEndArchive, data[-size:])
    directory_size, directory_offset = end[5], end[6]
    body = data[:-size]
    record = struct.pack(
        zipfile.structEndArchive64,
        zipfile.stringEndArchive64,
        44, 45, 45, 0, 0,
        count, count, directory_size, directory_offset,
    )  # fmt: skip
    locator = struct.pack(
        zipfile.structEndArchive64Locator,
        zipfile.stringEndArchive64Locator,
        0, len(body), 1,
    )  # fmt: skip
    end64 = struct.pack(
        zipfile.structEndArchive,
        zipfile.stringEndArchive,
        0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0,
    )  # fmt: skip
    return body + record + locator + end64
