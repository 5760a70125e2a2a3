"""The language and writing direction of content shown inside another interface.

A French lesson on an Arabic page still reads left to right, and an Arabic course
on a French page right to left: each block of content carries the `lang` and
`dir` of its own language (a course's, a certificate's frozen course language, a
story's), never the page's. Everything that writes those attributes asks here.
"""

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info


def language_direction(language: str | None) -> str:
    """The direction a language code ("ar", "fr-BE"...) is written in, "rtl" or
    "ltr"; "auto" when the code is empty or unknown, so the browser reads the
    direction from the text itself."""

    if not language:
        return "auto"
    try:
        bidi = get_language_info(language)["bidi"]
    except KeyError:
        return "auto"
    return "rtl" if bidi else "ltr"


def language_attrs(language: str | None = None) -> dict[str, str]:
    """{"lang": …, "dir": …} for content in `language` (a widget's attrs); the
    interface's own language when None (for interface text nested inside a block
    of content). Content of unknown language gets {"dir": "auto"} only."""
    if language is None:
        language = get_language() or ""
    direction = language_direction(language)
    if direction == "auto":
        return {"dir": "auto"}
    return {"lang": language, "dir": direction}


def language_attributes(language: str | None = None) -> SafeString:
    """The same as HTML attributes: `lang="fr" dir="ltr"`."""
    return format_html_join(" ", '{}="{}"', language_attrs(language).items())


def isolated(text, language: str | None = "") -> SafeString:
    """An inline name or title in `<bdi>`, so its direction cannot spill over the
    sentence around it: with the language's `lang` and `dir` when known, read
    from the text itself otherwise (a person's name)."""
    if text is None or text == "":
        return SafeString("")
    if not language or language_direction(language) == "auto":
        return format_html("<bdi>{}</bdi>", text)
    return format_html("<bdi {}>{}</bdi>", language_attributes(language), text)


def html_sentence(text: str, **values) -> SafeString:
    """A translated sentence with %(name)s placeholders, as HTML: the sentence and
    plain values escaped, values already HTML (an `isolated` title) kept."""
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    return mark_safe(conditional_escape(text) % escaped)  # noqa: S308 (all escaped)
