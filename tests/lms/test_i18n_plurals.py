"""Every count shown to a person has plural forms: no "1 leçons sur 4".

A number next to a noun goes through ngettext or {% blocktranslate count %}, with
the number that governs the noun as the counter, so each language (Arabic has six
forms) can say it right. The scan reads every template and the Python sources, so
a count phrase built without plural forms cannot come back.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = [
    "lms", "sharing", "interests", "stories", "certificates", "courses",
    "quizzes", "h5p", "skills", "members", "core",
]  # fmt: skip
# A placeholder: {{ name }} (templates), %(name)s or %s (gettext), {name}.
PLACEHOLDER = (
    r"(?:\{\{\s*(?P<template>[\w.]+)[^}]*\}\}"
    r"|%\((?P<named>\w+)\)[sdi]|%[sdi]|\{(?P<braced>\w*)\})"
)
# ... followed by a French plural: "3 leçons", "%(max)s signes", "2 bonnes réponses".
COUNTED = re.compile(PLACEHOLDER + r"[ \u00a0]+(?P<word>[^\W\d_]{2,}[sx])\b")
# Words ending in s or x that follow a name or a title, never a number.
NOT_NOUNS = {
    "alors", "après", "aux", "ces", "chez", "dans", "depuis", "des", "jamais",
    "les", "mais", "mes", "nous", "plus", "sans", "ses", "sous", "tes", "très",
    "vers", "vous",
}  # fmt: skip
BLOCK = re.compile(
    r"{%\s*blocktrans(?:late)?\b(?P<args>.*?)%}(?P<body>.*?){%\s*endblocktrans(?:late)?\s*%}",
    re.S,
)
COUNTER = re.compile(r"\bcount\s+(\w+)\s*=")
PLURAL_TAG = re.compile(r"{%\s*plural\s*%}")
GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy"}


def _counted(text: str) -> list[tuple[str, str]]:
    """(placeholder name, noun) for each number-like placeholder before a plural."""
    found = []
    for match in COUNTED.finditer(text):
        if match["word"].lower() in NOT_NOUNS:
            continue
        name = match["template"] or match["named"] or match["braced"] or ""
        found.append((name.split(".")[0], match["word"]))
    return found


def template_problems(source: str) -> list[str]:
    """Count phrases of a template that have no plural forms, or whose plural
    follows another number than the one before the noun."""
    problems = []
    for block in BLOCK.finditer(source):
        counter = COUNTER.search(block["args"])
        parts = PLURAL_TAG.split(block["body"])
        if counter is None:
            problems += [
                f"« {block['body'].strip()} »: “{word}” after {name}, no count"
                for name, word in _counted(block["body"])
            ]
            continue
        plural = parts[-1]
        for name, word in _counted(plural):
            if name != counter[1]:
                problems.append(
                    f"« {plural.strip()} »: “{word}” follows {name}, "
                    f"the plural follows {counter[1]}"
                )
    # Outside any translation block: a count that is not even translated.
    outside = BLOCK.sub("", source)
    outside = re.sub(r"{%.*?%}", " ", outside, flags=re.S)
    outside = re.sub(r"<[^>]*>", " ", outside)
    problems += [
        f"“{{{{ {name} }}}} {word}”: not translated, no plural"
        for name, word in _counted(outside)
    ]
    return problems


def _message(call: ast.Call, name: str) -> ast.expr | None:
    index = 1 if name.startswith("pgettext") else 0
    return call.args[index] if len(call.args) > index else None


def python_problems(source: str) -> list[str]:
    """gettext calls whose message shows a count without plural forms."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = getattr(func, "id", None) or getattr(func, "attr", None)
        if name not in GETTEXT:
            continue
        message = _message(node, name)
        literal = isinstance(message, ast.Constant) and isinstance(message.value, str)
        if literal and _counted(message.value):
            problems.append(f"line {node.lineno}: « {message.value} »: no count")
    return problems


def _templates() -> list[Path]:
    found = sorted((ROOT / "templates").rglob("*.html"))
    for app in APPS:
        found += sorted((ROOT / app).rglob("templates/**/*.html"))
    return found


def _python_sources() -> list[Path]:
    return [
        path
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
    ]


@pytest.mark.parametrize(
    "phrase",
    [
        "{% blocktranslate with done=d total=t %}{{ done }} leçons sur {{ total }}"
        "{% endblocktranslate %}",
        "{% blocktranslate count counter=t with done=d %}{{ done }} leçon sur "
        "{{ counter }}{% plural %}{{ done }} leçons sur {{ counter }}"
        "{% endblocktranslate %}",
        "<td>{{ row.attempts }} essais</td>",
        "{% blocktranslate with hours=h %}{{ hours }} heures{% endblocktranslate %}",
    ],
)
def test_i18n_plurals_scan_finds_counts_without_plural_forms(phrase):
    """The scan catches a count with no plural, or counted by the wrong number."""
    assert template_problems(phrase)


@pytest.mark.parametrize(
    "phrase",
    [
        "{% blocktranslate count counter=n %}{{ counter }} leçon{% plural %}"
        "{{ counter }} leçons{% endblocktranslate %}",
        "{% blocktranslate with title=t %}Modules dans « {{ title }} »"
        "{% endblocktranslate %}",
        "{% blocktranslate with name=n %}{{ name }} vous invite{% endblocktranslate %}",
        "{% blocktranslate with hours=h %}Durée : {{ hours }} h{% endblocktranslate %}",
    ],
)
def test_i18n_plurals_scan_lets_plural_forms_and_names_pass(phrase):
    """Proper ngettext pairs, names and unit symbols are not count phrases."""
    assert template_problems(phrase) == []


def test_i18n_plurals_scan_reads_python_gettext_calls():
    """In Python, a count inside a plain gettext is caught, ngettext is not."""
    source = (
        "from django.utils.translation import gettext as _, ngettext\n"
        "a = _('Il faut au moins %(count)s questions.')\n"
        "b = ngettext('%(count)s question', '%(count)s questions', n)\n"
        "c = _('Bonjour %(name)s, vous avez gagné.')\n"
    )
    assert python_problems(source) == [
        "line 2: « Il faut au moins %(count)s questions. »: no count"
    ]


def test_i18n_plurals_every_template_counts_with_plural_forms():
    """No template shows a number before a noun without plural forms."""
    problems = [
        f"{path.relative_to(ROOT)}: {problem}"
        for path in _templates()
        for problem in template_problems(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "count phrases without plural forms:\n" + "\n".join(problems)


def test_i18n_plurals_every_python_message_counts_with_ngettext():
    """No gettext message of the Python sources shows a count without ngettext."""
    problems = [
        f"{path.relative_to(ROOT)} {problem}"
        for path in _python_sources()
        for problem in python_problems(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "count phrases without ngettext:\n" + "\n".join(problems)
