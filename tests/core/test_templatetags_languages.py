"""{% langdir %} and |bdi: content carries its own language and direction."""

import pytest
from django.template import engines
from django.utils import translation

from core.languages import html_sentence, isolated, language_direction


def _render(source: str, **context) -> str:
    # No {% load %}: the library is built in for every template.
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("code", "direction"),
    [("fr", "ltr"), ("fr-BE", "ltr"), ("nl", "ltr"), ("ar", "rtl"), ("he", "rtl"),
     ("", "auto"), ("xx", "auto"), (None, "auto")],
)  # fmt: skip
def test_templatetags_languages_direction_from_the_language_code(code, direction):
    """Arabic and Hebrew read right to left; an unknown code lets the text decide."""
    assert language_direction(code) == direction


def test_templatetags_languages_langdir_gives_the_content_language():
    """A French course on an Arabic page keeps lang="fr" dir="ltr", and back."""
    with translation.override("ar"):
        french = _render("<div {% langdir language %}>", language="fr")
    with translation.override("fr"):
        arabic = _render("<div {% langdir language %}>", language="ar")
    assert french == '<div lang="fr" dir="ltr">'
    assert arabic == '<div lang="ar" dir="rtl">'


def test_templatetags_languages_langdir_without_language_is_the_interface():
    """Interface text nested inside content goes back to the page's language."""
    with translation.override("ar"):
        assert _render("<p {% langdir %}>") == '<p lang="ar" dir="rtl">'


def test_templatetags_languages_langdir_of_an_empty_language_reads_the_text():
    """A row without a language (or a missing variable) is not the interface's."""
    with translation.override("ar"):
        rendered = _render("<td {% langdir row.language %}>", row={"language": ""})
    assert rendered == '<td dir="auto">'


def test_templatetags_languages_bdi_isolates_and_escapes():
    """Titles get <bdi> with their language; names get <bdi> alone; escaped."""
    rendered = _render(
        "{{ title|bdi:'fr' }} · {{ name|bdi }} · {{ empty|bdi }}",
        title="Sécurité <en ligne>",
        name="ليلى",
        empty="",
    )
    assert rendered == (
        '<bdi lang="fr" dir="ltr">Sécurité &lt;en ligne&gt;</bdi> · <bdi>ليلى</bdi> · '
    )


def test_templatetags_languages_bdi_inside_a_translated_sentence():
    """In {% blocktranslate with %}, the isolated title stays markup, not text."""
    rendered = _render(
        "{% load i18n %}{% blocktranslate with title=title|bdi:'fr' %}"
        "Continuer : {{ title }}{% endblocktranslate %}",
        title="Envoyer un SMS",
    )
    assert rendered == 'Continuer : <bdi lang="fr" dir="ltr">Envoyer un SMS</bdi>'


def test_templatetags_languages_html_sentence_escapes_all_but_markup_values():
    """The sentence and plain values are escaped; an isolated title is kept."""
    sentence = html_sentence(
        "D'abord « %(title)s » & %(other)s",
        title=isolated("A < B", "ar"),
        other="<script>",
    )
    assert sentence == (
        'D&#x27;abord « <bdi lang="ar" dir="rtl">A &lt; B</bdi> » &amp; &lt;script&gt;'
    )
