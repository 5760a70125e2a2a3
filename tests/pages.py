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
    # Not "\r?\nendstream": compressed data may itself end with a \r byte, and
    # a decompressor object ignores whatever follows the compressed data.
    for match in re.finditer(rb"stream\r?\n(.*?)\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompressobj().decompress(match.group(1)))
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


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def pdf_layout(html: str) -> list:
    """The pages WeasyPrint lays out for this HTML, as the PDF engine renders it
    (locked fetcher, the project's fonts): their boxes can be measured."""
    from weasyprint import HTML

    from core.pdf import font_configuration, url_fetcher

    document = HTML(string=html, base_url="file:///", url_fetcher=url_fetcher())
    return document.render(font_config=font_configuration()).pages


def pdf_containers(html: str, css_class: str) -> list:
    """The laid-out boxes of the elements with this class, on every page."""
    return [
        box
        for page in pdf_layout(html)
        for box in _boxes(page._page_box)
        if getattr(box, "element", None) is not None
        and css_class in (box.element.get("class") or "").split()
    ]


def pdf_overflowing_text(container) -> list[str]:
    """The text and images that a laid-out box lets run outside its padding box
    (what a person would see cross the printed border)."""
    left, top = container.padding_box_x(), container.padding_box_y()
    right, bottom = left + container.padding_width(), top + container.padding_height()
    outside = []
    for box in _boxes(container):
        if box is container or getattr(box, "children", None):
            continue  # only what is drawn: text and images
        x, y = box.position_x, box.position_y
        width, height = box.margin_width(), box.margin_height()
        if (
            x < left - 0.5
            or y < top - 0.5
            or (x + width > right + 0.5 or y + height > bottom + 0.5)
        ):
            outside.append(getattr(box, "text", type(box).__name__))
    return outside


def pdf_font_sizes(container) -> set[float]:
    """The sizes in points of every piece of text inside a laid-out box."""
    return {
        round(box.style["font_size"] * 0.75, 1)
        for box in _boxes(container)
        if getattr(box, "text", "").strip()
    }
