"""Strict JSON-LD: nothing that would fall outside a signature is let through."""

import pytest

from certificates.credentials.contexts import CREDENTIALS_V2, context_loader
from certificates.credentials.errors import CredentialError
from certificates.credentials.linked_data import (
    document_canonicalize,
    document_expand,
)
from certificates.credentials.open_badges import open_badge_build
from tests.credentials.factories import credential_data


def _refused(document) -> CredentialError:
    with pytest.raises(CredentialError) as caught:
        document_expand(document, loader=context_loader())
    return caught.value


def _credential(**fields) -> dict:
    return {
        "@context": [CREDENTIALS_V2],
        "id": "urn:uuid:4f1b7d9e-0c7a-4b8e-9a51-3e0f1d2c3b4a",
        "type": ["VerifiableCredential"],
        **fields,
    }


def test_linked_data_undefined_term_is_refused():
    """A misspelt property is named instead of silently left unsigned."""
    error = _refused(_credential(nmae="Envoyer un e-mail"))
    assert error.code == "term_undefined"
    assert "nmae" in error.message


def test_linked_data_undefined_term_deep_in_open_badge_is_refused():
    """A typo inside the achievement of an Open Badge is refused too."""
    credential = open_badge_build(data=credential_data())
    credential["credentialSubject"]["achievement"]["critera"] = {"narrative": "x"}
    assert "critera" in _refused(credential).message


def test_linked_data_relative_iri_is_refused():
    """pyld would resolve "course-1" against http://example.org/base/: refused."""
    error = _refused(_credential(issuer="course-1"))
    assert error.code == "iri_relative"
    assert "course-1" in error.message


def test_linked_data_keyword_like_key_is_refused():
    """pyld keeps "@version" outside a context, and RDF ignores it: refused."""
    assert _refused(_credential(**{"@version": 1.1})).code == "term_undefined"


@pytest.mark.parametrize("character", ["\x00", "\x08", "\x0c", "\x1b", "\x7f"])
def test_linked_data_control_character_is_refused(character):
    """pyld writes these raw where RDFC-1.0 escapes them: the signature would not
    match other verifiers', so the text is refused."""
    error = _refused(_credential(name=f"Envoyer{character}un e-mail"))
    assert error.code == "text_control_character"
    assert f"U+{ord(character):04X}" in error.message


def test_linked_data_tabs_line_breaks_quotes_and_scripts_are_kept():
    """What pyld and RDFC-1.0 escape alike stays, and so does any script."""
    name = 'Écrire\t"vite"\n\\ بريد إلكتروني\r'
    nquads = document_canonicalize(_credential(name=name), loader=context_loader())
    assert '"Écrire\\t\\"vite\\"\\n\\\\ بريد إلكتروني\\r"' in nquads
