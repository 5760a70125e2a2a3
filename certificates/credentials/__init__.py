"""Portable credentials: signed Open Badges 3.0 that anyone can verify without us.

A library of plain functions on plain data (no rows, no requests); services call it.

- `errors`: CredentialError, a stable code and a message for people.
- `contexts`: JSON-LD contexts from npm packages in node_modules, pinned, never fetched.
- `linked_data`: strict JSON-LD expansion (nothing dropped) and RDFC-1.0 N-Quads (pyld).
- `keys`: Ed25519 keys as Multikey (z6Mk..., z3u2...) and JWK.
- `proofs`: eddsa-rdfc-2022 Data Integrity proofs: sign, verify check by check.
- `did`: the site's did:web, its DID document (key rotation), key look-up in it.
- `status_list`: Bitstring Status List: encoding, random indexes, the list credential.
- `open_badges`: the OpenBadgeCredential of a certificate's frozen data.

Imports go one way, down this list: errors < contexts < linked_data < keys < proofs
< did, status_list < open_badges. The package may import `core` and Django, never the
certificates app's models, services, tasks or views.
"""
