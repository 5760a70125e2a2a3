"""The issuer's public documents: its DID document and its status list."""

import json

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from . import badges

# Short: a revocation must reach verifiers within minutes.
STATUS_LIST_MAX_AGE = 300
DID_MAX_AGE = 3600


def _json(document: dict, *, content_type: str, max_age: int) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"),
        content_type=content_type,
    )
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"  # verifiers run in browsers too
    return response


@require_GET
def did_json(request):
    """did:web's document: the keys that sign, and those that signed before."""
    badges.signer_current()  # the configured key is published before it signs
    return _json(
        badges.did_document(),
        content_type="application/did+ld+json",
        max_age=DID_MAX_AGE,
    )


@require_GET
def status_list(request, name: str):
    """The signed Bitstring Status List credential: revoked badges' bits set."""
    if name != badges.STATUS_LIST_NAME:
        raise Http404
    return _json(
        badges.status_list_signed(),
        content_type="application/vc+ld+json",
        max_age=STATUS_LIST_MAX_AGE,
    )
