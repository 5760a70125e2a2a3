"""What a person sees in a response: field errors, alerts, PDF pages and text."""

import html
import re
import zlib


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def field_error(response, field: str) -> str:
    """The error text shown next to a form field ('' when there is none)."""
    content = response.content.decode()
    match = re.search(
        rf'<(\w+)[^>]*\bid="id_{re.escape(field)}_error"[^>]*>(.*?)</\1>',
        content,
        re.S,
    )
    return _text(match.group(2)) if match else ""


def alert(response) -> str:
    """The text of the page's role="alert" paragraph ('' when there is none)."""
    match = re.search(r'<p role="alert">(.*?)</p>', response.content.decode(), re.S)
    return _text(match.group(1)) if match else ""


def html_attributes(response) -> dict[str, str]:
    """The attributes of the page's <html> element."""
    match = re.search(r"<html([^>]*)>", response.content.decode())
    return dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1))) if match else {}


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) inflated."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # an image or a stream that is not Flate-encoded
    return b"\n".join(parts)


def pdf_page_count(pdf: bytes) -> int:
    """How many /Type /Page objects the PDF has (the /Pages tree not counted)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", _pdf_objects(pdf)))


def pdf_characters(pdf: bytes) -> set[str]:
    """Every character the PDF's fonts map glyphs to (their ToUnicode tables)."""
    found = set()
    for hexcode in re.findall(
        rb"<[0-9a-fA-F]{4}>\s*<([0-9a-fA-F]{4,})>", _pdf_objects(pdf)
    ):
        text = bytes.fromhex(hexcode.decode()).decode("utf-16-be", errors="ignore")
        found.update(text)
    return found
