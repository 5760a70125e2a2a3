"""Lesson Markdown: trainers' text reaches learners as safe, bounded HTML (D1-D4)."""

import time

import pytest
from django.core.exceptions import ValidationError

from core.markdown import MAX_MARKDOWN_CHARS, render_markdown


def test_markdown_render_keeps_lesson_formatting():
    """Headings, lists, bold, tables and our own images come through."""
    html = render_markdown(
        "## Étape 1\n\n1. Allumez\n2. **Déverrouillez**\n\n"
        "| Touche | Rôle |\n|---|---|\n| ⏻ | allumer |\n\n"
        "![Écran](/media/lessons/a.png)"
    )
    assert "<h2>Étape 1</h2>" in html
    assert "<ol>" in html and "<strong>Déverrouillez</strong>" in html
    assert "<table>" in html and "<td>allumer</td>" in html
    assert '<img alt="Écran" src="/media/lessons/a.png" loading="lazy">' in html


def test_markdown_render_table_scrolls_in_a_named_region():
    """A table comes inside a region named by its headings, reachable by keyboard,
    that scrolls sideways on a phone instead of the page (WCAG 1.4.10)."""
    html = render_markdown("| Touche | **Rôle** |\n|---|---|\n| ⏻ | allumer |\n\nFin")

    assert html.startswith(
        '<div aria-label="Touche, Rôle" class="table-scroll" role="region"'
        ' tabindex="0"><table>'
    )
    assert "</table></div>\n<p>Fin</p>" in html


def test_markdown_render_table_without_headings_is_named_by_its_first_row():
    """Empty headings leave the region named by the table's first row."""
    html = render_markdown("| | |\n|---|---|\n| lundi | 9 h |")

    assert '<div aria-label="lundi, 9 h" class="table-scroll"' in html


def test_markdown_render_region_attributes_cannot_be_forged():
    """A trainer's attribute list cannot make a paragraph a focusable region."""
    html = render_markdown('Texte\n{: role="region" tabindex="5" class="table-scroll"}')

    assert "Texte</p>" in html
    assert "tabindex" not in html and "role=" not in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)></svg>",
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        '<form action="https://evil.example"><input name=p></form>',
    ],
)
def test_markdown_render_raw_html_is_shown_as_text(attack):
    """Raw HTML never becomes markup: the learner sees it as text (D1)."""
    html = render_markdown(f"Avant {attack} après")
    assert "<script" not in html and "<iframe" not in html and "<svg" not in html
    assert "<style" not in html and "<form" not in html and "<img" not in html
    assert "&lt;" in html


@pytest.mark.parametrize(
    "link",
    [
        "[clic](javascript:alert(1))",
        "[clic](jav&#x61;script:alert(1))",
        "[clic](data:text/html,<b>x</b>)",
        "[clic](vbscript:msgbox(1))",
    ],
)
def test_markdown_render_dangerous_link_targets_dropped(link):
    """javascript:, data: and look-alike link targets lose their href (D2)."""
    html = render_markdown(link)
    assert "href" not in html
    assert "clic" in html


def test_markdown_render_foreign_image_becomes_its_text():
    """An image from another site is replaced by its alternative text."""
    html = render_markdown("![Logo du Forem](https://tracker.example/pixel.png)")
    assert "<img" not in html
    assert "Logo du Forem" in html


def test_markdown_render_safe_links_kept_with_rel():
    """Ordinary links stay, marked so they cannot reach back into the page."""
    html = render_markdown("[Le Forem](https://www.leforem.be)")
    assert 'href="https://www.leforem.be"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_markdown_render_refuses_five_megabytes():
    """5 MB of Markdown is refused with a plain message, not rendered (D4)."""
    with pytest.raises(ValidationError, match="trop long"):
        render_markdown("a" * 5_000_000)


def test_markdown_render_refuses_deep_quotes():
    """10,000 nested quotes are refused before the parser sees them (D4)."""
    with pytest.raises(ValidationError, match="citations"):
        render_markdown(">" * 10_000 + " x")


def test_markdown_render_refuses_bracket_bomb():
    """Thousands of unclosed brackets are refused instead of taking minutes (D4)."""
    with pytest.raises(ValidationError, match="crochets"):
        render_markdown("[" * 40_000)


def test_markdown_render_long_lesson_within_budget():
    """A lesson just under the limit renders within a second on this machine."""
    text = ("Un paragraphe **simple** avec un [lien](https://www.vdab.be).\n\n") * (
        MAX_MARKDOWN_CHARS // 70
    )
    started = time.perf_counter()
    render_markdown(text[:MAX_MARKDOWN_CHARS])
    assert time.perf_counter() - started < 2.0
