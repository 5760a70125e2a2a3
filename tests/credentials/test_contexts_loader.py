"""JSON-LD contexts come from pinned npm files, read once; any other URL is refused."""

import shutil
import socket
from pathlib import Path

import pytest
from django.conf import settings

from certificates.credentials.contexts import (
    CREDENTIALS_V2,
    KNOWN_CONTEXTS,
    OPEN_BADGES_V3,
    ContextLoader,
    context_loader,
)
from certificates.credentials.errors import CredentialError
from certificates.credentials.linked_data import document_canonicalize
from tests.credentials.conftest import EXAMPLES_V2


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test loudly."""

    def refuse(*args, **kwargs):
        raise AssertionError("a JSON-LD context was fetched from the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_contexts_loader_serves_every_known_context_from_node_modules():
    """Each context URL answers its npm file's JSON-LD context."""
    loader = context_loader()
    for url in KNOWN_CONTEXTS:
        remote = loader(url)
        assert remote["documentUrl"] == url
        assert isinstance(remote["document"]["@context"], dict), url


def test_contexts_loader_reads_open_badges_context_from_its_javascript_module():
    """The OB 3.0.3 package ships a CommonJS module: its object is read as JSON."""
    context = context_loader().document(OPEN_BADGES_V3)["@context"]
    assert context["OpenBadgeCredential"]["@id"] == (
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"
    )
    assert "AchievementSubject" in context


def test_contexts_loader_refuses_unknown_url_without_fetching(no_network):
    """An unknown URL is an error naming it, and nothing is fetched."""
    with pytest.raises(CredentialError) as caught:
        context_loader()("https://evil.example/context.jsonld")
    assert caught.value.code == "context_unknown"
    assert caught.value.message == (
        "contexte JSON-LD inconnu : https://evil.example/context.jsonld"
    )


def test_contexts_document_with_unknown_context_names_it(no_network):
    """A document using an unknown context gets our error, not pyld's wrapper."""
    document = {
        "@context": [CREDENTIALS_V2, "https://evil.example/v1"],
        "type": "VerifiableCredential",
    }
    with pytest.raises(CredentialError) as caught:
        document_canonicalize(document, loader=context_loader())
    assert caught.value.code == "context_unknown"
    assert "https://evil.example/v1" in caught.value.message


def test_contexts_test_loader_does_not_leak_into_production_loader(examples_loader):
    """pyld caches resolved contexts by URL for every loader: ours keep their own
    cache, so a URL that a test loader served stays unknown in production."""
    document = {
        "@context": [CREDENTIALS_V2, EXAMPLES_V2],
        "type": "VerifiableCredential",
    }
    assert document_canonicalize(document, loader=examples_loader)
    with pytest.raises(CredentialError) as caught:
        document_canonicalize(document, loader=context_loader())
    assert caught.value.code == "context_unknown"


def test_contexts_loader_reads_each_file_once(monkeypatch):
    """A context is read from disk once per loader, then served from memory."""
    reads = []
    original = Path.read_bytes
    monkeypatch.setattr(
        Path, "read_bytes", lambda path: reads.append(path) or original(path)
    )
    loader = ContextLoader(root=Path(settings.NODE_MODULES))
    for _ in range(3):
        loader(CREDENTIALS_V2)
    assert len(reads) == 1
    assert context_loader() is context_loader()


def test_contexts_loader_missing_node_modules_says_how_to_install(tmp_path):
    """Without node_modules the error names the file and the npm command."""
    with pytest.raises(CredentialError) as caught:
        ContextLoader(root=tmp_path).document(CREDENTIALS_V2)
    assert caught.value.code == "context_missing"
    assert str(tmp_path) in caught.value.message
    assert "npm ci --ignore-scripts" in caught.value.message


def test_contexts_loader_refuses_changed_context_file(tmp_path):
    """A context file that differs from the reviewed one is refused."""
    entry = KNOWN_CONTEXTS[CREDENTIALS_V2]
    copy = tmp_path / entry.path
    copy.parent.mkdir(parents=True)
    shutil.copy(Path(settings.NODE_MODULES) / entry.path, copy)
    copy.write_text(copy.read_text().replace("schema.org/name", "evil.example/name"))
    with pytest.raises(CredentialError) as caught:
        ContextLoader(root=tmp_path).document(CREDENTIALS_V2)
    assert caught.value.code == "context_changed"


def test_contexts_loader_hands_out_copies():
    """pyld may rewrite what it is given: the cached context stays intact."""
    loader = ContextLoader(root=Path(settings.NODE_MODULES))
    loader.document(CREDENTIALS_V2)["@context"]["name"] = "https://evil.example/"
    assert loader.document(CREDENTIALS_V2)["@context"]["name"] == (
        "https://schema.org/name"
    )
