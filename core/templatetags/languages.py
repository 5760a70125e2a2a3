"""`{% langdir course.language %}` and `{{ title|bdi:course.language }}`: content
keeps its own language and direction in any interface (see core.languages).

Built in for every template, so no page needs to load it:
- `<div class="lesson-body" {% langdir course.language %}>` → `lang="fr" dir="ltr"`;
- `{% langdir %}` gives the interface's own, for interface text inside content;
- `{{ certificate.course_title|bdi:certificate.course_language }}` and
  `{{ holder_name|bdi }}` isolate inline titles and names.
"""

from django import template

from core.languages import isolated, language_attributes

register = template.Library()


@register.simple_tag
def langdir(*language):
    """The `lang` and `dir` attributes of content written in `language`; of the
    interface without one (a language that resolves to nothing is not that)."""
    return language_attributes(language[0] or "" if language else None)


@register.filter
def bdi(text, language=""):
    """The text in `<bdi>`, with its language's `lang` and `dir` when given."""
    return isolated(text, language)
