"""Trainers' Markdown, rendered in one place: Python-Markdown, then nh3."""

from functools import cache
from xml.etree.ElementTree import Element

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Stored beside the HTML: bump it when the output changes, and re-render old rows.
RENDERER_VERSION = 2  # 2: tables wrapped in a labelled scroll region
MAX_MARKDOWN_CHARS = 100_000  # a long lesson is ~5,000; 5 MB is refused
MAX_QUOTE_DEPTH = 8
# Python-Markdown's link parsing is quadratic in unclosed brackets within a block.
MAX_BRACKETS_PER_BLOCK = 300

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    "div",  # only the scroll region around a table: Markdown makes no other div
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "scope"},
    "td": {"align"},
    "ol": {"start"},
    "div": {"role", "tabindex", "aria-label"},
}
ALLOWED_CLASSES = {
    "p": {"tip", "warning"},
    "table": {"compact"},
    "div": {"table-scroll"},
}
# The one value each of the region's attributes may have.
REGION_VALUES = {"role": "region", "tabindex": "0"}


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    """Images only from our own media; every other URL is checked by nh3's schemes."""
    if tag == "img" and name == "src":
        return value if value.startswith(settings.MEDIA_URL_PATH) else None
    if tag == "div" and name in REGION_VALUES:
        return value if value == REGION_VALUES[name] else None
    return value


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto", "tel"},
        set_tag_attribute_values={"img": {"loading": "lazy"}},
        link_rel="noopener noreferrer nofollow",
    )


def _quote_depth(text: str) -> int:
    deepest = 0
    for line in text.splitlines():
        stripped = line.replace(" ", "")
        deepest = max(deepest, len(stripped) - len(stripped.lstrip(">")))
    return deepest


def render_markdown(text: str) -> str:
    """Sanitised HTML for a trainer's Markdown; ValidationError when too big or deep."""
    if len(text) > MAX_MARKDOWN_CHARS:
        raise ValidationError(
            ngettext(
                "Ce texte est trop long (%(max)s signe au plus). Coupez-le en leçons.",
                "Ce texte est trop long (%(max)s signes au plus). Coupez-le en leçons.",
                MAX_MARKDOWN_CHARS,
            ),
            params={"max": MAX_MARKDOWN_CHARS},
            code="markdown_too_long",
        )
    if _quote_depth(text) > MAX_QUOTE_DEPTH:
        raise ValidationError(
            _("Trop de citations les unes dans les autres (%(max)s au plus)."),
            params={"max": MAX_QUOTE_DEPTH},
            code="markdown_too_deep",
        )
    if any(block.count("[") > MAX_BRACKETS_PER_BLOCK for block in text.split("\n\n")):
        raise ValidationError(
            _("Trop de crochets [ ] dans un même paragraphe."),
            code="markdown_too_many_brackets",
        )
    md = markdown.Markdown(
        extensions=["tables", "attr_list", "sane_lists", _LessonExtension()],
        output_format="html",
    )
    return _cleaner().clean(md.convert(text))


class _OwnImagesOnly(Treeprocessor):
    """Replaces an image from elsewhere by its alternative text."""

    def run(self, root: Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img" and not child.get("src", "").startswith(
                    settings.MEDIA_URL_PATH
                ):
                    alt = child.get("alt", "")
                    child.tag, child.attrib, child.text = "span", {}, alt


def _texts(cells) -> list[str]:
    """The non-empty texts of these cells, spaces collapsed."""
    texts = (" ".join("".join(cell.itertext()).split()) for cell in cells)
    return [text for text in texts if text]


class _TablesScroll(Treeprocessor):
    """Wraps each table in a region that scrolls sideways on a phone, named by its
    column headings (in the lesson's language) and reachable by keyboard, so a
    wide table never makes the page scroll (WCAG 1.4.10)."""

    def run(self, root: Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "table":
                    continue
                rows = [row for row in child.iter("tr") if row.find("td") is not None]
                headings = _texts(child.iter("th")) or _texts(rows[0] if rows else [])
                region = Element(
                    "div",
                    {
                        "class": "table-scroll",
                        "role": "region",
                        "tabindex": "0",
                        "aria-label": ", ".join(headings),
                    },
                )
                parent.remove(child)
                region.append(child)
                region.tail, child.tail = child.tail, None
                parent.insert(index, region)


class _LessonExtension(Extension):
    """Raw HTML is shown as text, never parsed; images come from our media only."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_OwnImagesOnly(md), "own_images_only", 1)
        md.treeprocessors.register(_TablesScroll(md), "tables_scroll", 2)
