"""Filters a content.json against its library's semantics.json, as H5P core's
H5PContentValidator does before display (h5p-standalone does not): HTML fields
keep the tags their semantics allow, other text is escaped (htmlspecialchars),
media paths stay inside the content or use http(s)."""

import math
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SemanticsLookup = Callable[[str], list[Any] | None]

# The widest set a library's semantics may open; anything else is never kept.
SAFE_TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i",
    "u", "s", "del", "strike", "sub", "sup", "code", "pre", "blockquote", "ul",
    "ol", "li", "a", "table", "caption", "colgroup", "col", "thead", "tbody",
    "tfoot", "tr", "th", "td", "span", "div",
})  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "target", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
_UNENCODED_AMPERSAND = re.compile(
    r"&(?!(?:[A-Za-z][A-Za-z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)"
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
MEDIA_TYPES = frozenset({"image", "video", "audio", "file"})


def escape_text(text: str) -> str:
    """PHP's htmlspecialchars(ENT_QUOTES, double_encode=false), which H5P core
    applies to every plain text field: libraries insert them as HTML."""
    text = _UNENCODED_AMPERSAND.sub("&amp;", text)
    return (
        text.replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#039;")
    )


def _allowed_tags(tags: Any) -> frozenset[str]:
    """The semantics' `tags`, with the companions H5P core adds to them."""
    # H5P core always adds these four to a field that lists tags.
    wanted = {"div", "span", "p", "br"}
    if isinstance(tags, list):
        wanted |= {t for t in tags if isinstance(t, str)}
    if "table" in wanted:
        wanted |= {"tr", "td", "th", "colgroup", "thead", "tbody", "tfoot"}
    if "b" in wanted:
        wanted.add("strong")
    if "i" in wanted:
        wanted.add("em")
    if wanted & {"ul", "ol"}:
        wanted.add("li")
    if wanted & {"del", "strike"}:
        wanted.add("s")
    return frozenset(wanted & SAFE_TAGS)


@cache
def _cleaner(tags: frozenset[str]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(tags),
        clean_content_tags={"script", "style"},
        attributes={tag: ATTRIBUTES[tag] for tag in tags if tag in ATTRIBUTES},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


def html_clean(text: str, tags: Any) -> str:
    """An HTML field keeps only the tags its semantics list (and safe ones)."""
    return _cleaner(_allowed_tags(tags)).clean(text)


def escape_all(value: Any) -> Any:
    """Values the semantics do not describe: every string escaped."""
    if isinstance(value, str):
        return escape_text(value)
    if isinstance(value, list):
        return [escape_all(v) for v in value]
    if isinstance(value, dict):
        return {str(k): escape_all(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _safe_path(path: Any) -> bool:
    if not isinstance(path, str) or not path:
        return False
    if _SCHEME.match(path):
        return path.lower().startswith(("http://", "https://"))
    return not path.startswith("/") and "\\" not in path and ".." not in path.split("/")


def _media(value: Any) -> Any:
    if isinstance(value, list):
        kept = [_media(v) for v in value]
        return [v for v in kept if v is not None]
    if not isinstance(value, dict) or not _safe_path(value.get("path")):
        return None
    return {key: v if key == "path" else escape_all(v) for key, v in value.items()}


def _fields(value: Any, fields: Any, lookup: SemanticsLookup) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    by_name = (
        {f["name"]: f for f in fields if isinstance(f, dict) and "name" in f}
        if isinstance(fields, list)
        else {}
    )
    cleaned = {}
    for key, item in value.items():
        if key in by_name:
            item = _field(item, by_name[key], lookup)
            if item is not None:
                cleaned[key] = item
        else:
            cleaned[str(key)] = escape_all(item)
    return cleaned


def _field(value: Any, semantics: dict[str, Any], lookup: SemanticsLookup) -> Any:
    kind = semantics.get("type")
    if kind == "text":
        if not isinstance(value, str):
            return None
        # H5P core: a field listing tags (the html widget) is HTML, others text.
        if "tags" in semantics or semantics.get("widget") == "html":
            return html_clean(value, semantics.get("tags"))
        return escape_text(value)
    if kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return value if ok and math.isfinite(value) else None
    if kind == "boolean":
        return value if isinstance(value, bool) else None
    if kind == "select":
        return escape_all(value) if isinstance(value, str | list) else None
    if kind == "group":
        fields = semantics.get("fields") or []
        if isinstance(value, dict):
            return _fields(value, fields, lookup)
        # A group of one field is stored as that field's value.
        only = fields[0] if isinstance(fields, list) and len(fields) == 1 else None
        return _field(value, only, lookup) if isinstance(only, dict) else None
    if kind == "list":
        item = semantics.get("field")
        if not isinstance(value, list) or not isinstance(item, dict):
            return None
        kept = [_field(v, item, lookup) for v in value]
        return [v for v in kept if v is not None]
    if kind == "library":
        return _sub_content(value, lookup)
    if kind in MEDIA_TYPES:
        return _media(value)
    return escape_all(value)


def _sub_content(value: Any, lookup: SemanticsLookup) -> Any:
    """`{"library": "H5P.MultiChoice 1.16", "params": {...}, ...}`, filtered
    with that library's own semantics."""
    if not isinstance(value, dict) or not isinstance(value.get("library"), str):
        return None
    semantics = lookup(value["library"])
    cleaned = {k: escape_all(v) for k, v in value.items() if k != "params"}
    cleaned["library"] = value["library"] if semantics is not None else None
    if cleaned["library"] is None:
        return None
    cleaned["params"] = _fields(value.get("params"), semantics, lookup)
    return cleaned


def content_sanitise(
    params: dict[str, Any], semantics: list[Any] | None, lookup: SemanticsLookup
) -> dict[str, Any]:
    """The content.json parameters filtered by the main library's semantics;
    `lookup("H5P.Name 1.2")` gives a sub-content library's semantics or None."""
    try:
        if semantics is None:
            return escape_all(params)
        return _fields(params, semantics, lookup)
    except RecursionError as error:
        raise ValidationError(
            _("content/content.json est trop imbriqué."), code="content_too_deep"
        ) from error
