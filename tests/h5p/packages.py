"""Small H5P packages built in code: a good one and its hostile variants."""

import io
import json
import stat
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

MAIN = "H5P.SiriusCheck"
HELPER = "H5P.SiriusHelper"

# A real (tiny) H5P library: registers H5P.SiriusCheck and reports a score.
MAIN_JS = """\
H5P.SiriusCheck = (function () {
  function SiriusCheck(params, contentId) {
    H5P.EventDispatcher.call(this);
    this.params = params;
    this.contentId = contentId;
  }
  SiriusCheck.prototype = Object.create(H5P.EventDispatcher.prototype);
  SiriusCheck.prototype.constructor = SiriusCheck;
  SiriusCheck.prototype.attach = function ($container) {
    var self = this;
    var button = document.createElement('button');
    button.textContent = self.params.answer;
    button.addEventListener('click', function () {
      self.triggerXAPIScored(1, 1, 'answered');
    });
    $container.get(0).appendChild(button);
  };
  return SiriusCheck;
})();
"""
HELPER_JS = "H5P.SiriusHelper = { version: 1 };\n"
MAIN_CSS = ".sirius-check button { font-size: 1.2rem; }\n"

SEMANTICS = [
    {"name": "question", "type": "text", "widget": "html", "tags": ["p", "strong"]},
    {"name": "answer", "type": "text"},
    {"name": "points", "type": "number"},
    {
        "name": "items",
        "type": "list",
        "field": {
            "name": "item",
            "type": "group",
            "fields": [
                {"name": "label", "type": "text"},
                {"name": "image", "type": "image"},
            ],
        },
    },
]

CONTENT = {
    "question": "<p>La souris est-elle <strong>un</strong> périphérique ?</p>",
    "answer": "Oui",
    "points": 1,
    "items": [{"label": "Souris", "image": {"path": "images/mouse.png"}}],
}

# The smallest valid PNG (1x1), for a media file under content/.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000"
    "000049454e44ae426082"
)


def library_json(
    name: str = MAIN,
    *,
    major: int = 1,
    minor: int = 0,
    patch: int = 0,
    runnable: int = 1,
    js: tuple[str, ...] = ("scripts/check.js",),
    css: tuple[str, ...] = ("styles/check.css",),
    dependencies: tuple[tuple[str, int, int], ...] = ((HELPER, 1, 0),),
) -> dict[str, Any]:
    return {
        "title": name.split(".")[-1],
        "machineName": name,
        "majorVersion": major,
        "minorVersion": minor,
        "patchVersion": patch,
        "runnable": runnable,
        "embedTypes": ["div"],
        "preloadedJs": [{"path": path} for path in js],
        "preloadedCss": [{"path": path} for path in css],
        "preloadedDependencies": [
            {"machineName": n, "majorVersion": a, "minorVersion": b}
            for n, a, b in dependencies
        ],
    }


def h5p_json(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Vrai ou faux : la souris",
        "language": "fr",
        "mainLibrary": MAIN,
        "embedTypes": ["div"],
        "license": "U",
        # Versions as strings, as the official tools write them.
        "preloadedDependencies": [
            {"machineName": MAIN, "majorVersion": "1", "minorVersion": "0"},
            {"machineName": HELPER, "majorVersion": "1", "minorVersion": "0"},
        ],
    }
    data.update(overrides)
    return data


def good_files(
    *, patch: int = 0, js: str = MAIN_JS, content: Mapping | None = None
) -> dict[str, bytes]:
    """Every file of a good package, by entry name (tests change a few)."""
    return {
        "h5p.json": _json(h5p_json()),
        "content/content.json": _json(CONTENT if content is None else content),
        "content/images/mouse.png": PNG,
        f"{MAIN}-1.0/library.json": _json(library_json(patch=patch)),
        f"{MAIN}-1.0/semantics.json": _json(SEMANTICS),
        f"{MAIN}-1.0/scripts/check.js": js.encode(),
        f"{MAIN}-1.0/styles/check.css": MAIN_CSS.encode(),
        f"{MAIN}-1.0/icon.svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        f"{HELPER}-1.0/library.json": _json(
            library_json(
                HELPER,
                patch=patch,
                runnable=0,
                js=("helper.js",),
                css=(),
                dependencies=(),
            )
        ),
        f"{HELPER}-1.0/helper.js": HELPER_JS.encode(),
    }


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def build(
    files: Mapping[str, bytes],
    *,
    tweak: Callable[[zipfile.ZipInfo], None] | None = None,
    tweak_names: tuple[str, ...] = (),
) -> bytes:
    """A zip of the files; `tweak` edits the central directory record of the
    entries named in `tweak_names` after they are written (flags, sizes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
        if tweak is not None:
            for info in archive.infolist():
                if info.filename in tweak_names:
                    tweak(info)
    return buffer.getvalue()


def upload(data: bytes, name: str = "activite.h5p") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def good_package(**options: Any) -> SimpleUploadedFile:
    return upload(build(good_files(**options)))


# --- Hostile variants ---


def with_entry(name: str, data: bytes = b"x", **options: Any) -> SimpleUploadedFile:
    """The good package plus one entry."""
    return upload(build({**good_files(**options), name: data}))


def without_entry(name: str) -> SimpleUploadedFile:
    files = good_files()
    del files[name]
    return upload(build(files))


def symlink_package() -> SimpleUploadedFile:
    """An entry whose Unix mode says symbolic link (to /etc/passwd)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in good_files().items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo("content/images/link.png")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    return upload(buffer.getvalue())


def encrypted_package() -> SimpleUploadedFile:
    def encrypt(info: zipfile.ZipInfo) -> None:
        info.flag_bits |= 0x1

    return upload(
        build(good_files(), tweak=encrypt, tweak_names=("content/images/mouse.png",))
    )


def lying_sizes_package() -> SimpleUploadedFile:
    """content/big.txt declares 10 bytes in the central directory; it holds 50 kB."""
    files = {**good_files(), "content/big.txt": b"A" * 50_000}

    def lie(info: zipfile.ZipInfo) -> None:
        info.file_size = 10

    return upload(build(files, tweak=lie, tweak_names=("content/big.txt",)))


def zip_bomb_package(megabytes: int = 300) -> SimpleUploadedFile:
    """A 300 MB file of zeros that deflates to a few hundred kB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in good_files().items():
            archive.writestr(name, data)
        info = zipfile.ZipInfo("content/zeros.txt")
        info.compress_type = zipfile.ZIP_DEFLATED
        megabyte = bytes(1024 * 1024)
        with archive.open(info, "w", force_zip64=True) as entry:
            for _ in range(megabytes):
                entry.write(megabyte)
    return upload(buffer.getvalue())


def many_entries_package(count: int = 20_000) -> SimpleUploadedFile:
    files = good_files()
    files.update({f"content/t/{i}.txt": b"" for i in range(count)})
    return upload(build(files))


def raw_name_package(name: bytes) -> SimpleUploadedFile:
    """An entry whose stored name holds bytes zipfile would not write (NUL)."""
    placeholder = b"content/" + b"P" * (len(name) - len(b"content/"))
    assert name.startswith(b"content/") and len(placeholder) == len(name)
    data = build({**good_files(), placeholder.decode(): b"x"})
    return upload(data.replace(placeholder, name))
