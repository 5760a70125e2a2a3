"""Strict JSON-LD with pyld: an expansion that drops nothing, and RDFC-1.0 N-Quads.

A Data Integrity signature covers the RDF a document expands to, not its JSON. Whatever
JSON-LD drops on the way (a term no context defines, a relative IRI) is left outside the
signature and could be changed freely, so we refuse such documents instead, as jsonld.js
does in its "safe mode".

pyld behaviour worked around here: pyld 3.3.0 implements URDNA2015 (`"algorithm":
"URDNA2015"`; it has no "RDFC-1.0" name and defaults to URGNA2012), which matches
RDFC-1.0 except in escaping literals: RDFC-1.0 writes U+0008, U+000C as \\b, \\f and the
other control characters (U+0000-U+001F, U+007F) as \\uXXXX, pyld writes them raw. Both
agree on tab, line feed, carriage return, quote and backslash, so strings carrying any
other control character are refused: their canonical form, hence their signature, would
differ from every other implementation's. Two more: pyld resolves relative IRIs against
http://example.org/base/ unless `base` is None, and keeps keyword-like keys ("@version"
outside a context) that RDF then ignores; both are refused too.
"""

import re

from django.utils.translation import gettext as _
from pyld import jsonld

from .contexts import ContextLoader
from .errors import CredentialError

# Keywords that may remain in an expanded document; pyld keeps others ("@version"
# outside a context) and to_rdf then ignores them.
_EXPANDED_KEYWORDS = frozenset(
    {"@id", "@type", "@value", "@language", "@direction", "@index", "@list"}
    | {"@graph", "@reverse", "@included"}
)
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Control characters where pyld's N-Quads and RDFC-1.0's differ (see the docstring).
_DIVERGENT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def document_expand(document: dict, *, loader: ContextLoader) -> list:
    """The expanded form of `document`, refusing any term, IRI or text that would
    fall outside a signature (CredentialError)."""

    def dropped(term):
        """pyld's on_property_dropped: a term it would drop is an error."""
        raise CredentialError(
            "term_undefined",
            _("terme non défini par les contextes JSON-LD : %(term)s") % {"term": term},
        )

    # pyld resolves relative IRIs against http://example.org/base/ unless told
    # there is no base: with none they stay relative, and are refused below.
    options = {**loader.jsonld_options(), "base": None}
    expanded = _pyld(
        lambda: jsonld.expand(document, options, on_property_dropped=dropped)
    )
    _check_node(expanded)
    return expanded


def document_canonicalize(document: dict | list, *, loader: ContextLoader) -> str:
    """The RDFC-1.0 canonical N-Quads of a document (compact or expanded)."""
    expanded = document_expand(document, loader=loader)
    return _pyld(
        lambda: jsonld.normalize(
            expanded,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                **loader.jsonld_options(),
            },
        )
    )


def _pyld(call):
    """Runs a pyld call, surfacing our own error when pyld wrapped it."""
    try:
        return call()
    except jsonld.JsonLdError as error:
        cause = error.__cause__
        while cause is not None:
            if isinstance(cause, CredentialError):
                raise cause from error
            cause = cause.__cause__
        raise CredentialError(
            "jsonld_invalid",
            _("document JSON-LD invalide : %(reason)s") % {"reason": error.args[0]},
        ) from error


def _check_node(value) -> None:
    """Walks an expanded document, refusing unknown keywords, relative IRIs and
    divergent text."""
    if isinstance(value, list):
        for item in value:
            _check_node(item)
        return
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        if key.startswith("@") and key not in _EXPANDED_KEYWORDS:
            raise CredentialError(
                "term_undefined",
                _("mot-clé JSON-LD non pris en charge : %(term)s") % {"term": key},
            )
        if key == "@id":
            _check_iri(item)
        elif key == "@type":
            for iri in item if isinstance(item, list) else [item]:
                if iri != "@json":
                    _check_iri(iri)
        elif key == "@value" and isinstance(item, str):
            _check_text(item)
        else:
            _check_node(item)


def _check_iri(iri) -> None:
    """Accepts an absolute IRI or a blank node label."""
    if isinstance(iri, str) and (iri.startswith("_:") or _ABSOLUTE_IRI.match(iri)):
        return
    raise CredentialError(
        "iri_relative",
        _("adresse relative ou invalide refusée : %(iri)s") % {"iri": iri},
    )


def _check_text(text: str) -> None:
    """Refuses a literal that pyld and RDFC-1.0 would escape differently."""
    found = _DIVERGENT_CONTROL.search(text)
    if found:
        raise CredentialError(
            "text_control_character",
            _("caractère de contrôle refusé dans un texte : U+%(code)04X")
            % {"code": ord(found.group())},
        )
