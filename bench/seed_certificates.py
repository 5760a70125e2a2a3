"""Inserts certificates with bulk_create for the certificate benchmarks.

Run by the benchmarks as `python -m bench.seed_certificates COUNT STATUS`, with
DJANGO_SETTINGS_MODULE set and the database migrated; prints one code a line (the
stored code, without hyphens). STATUS is `issued` (verification) or `preparing`
(renders still to do). Snapshots vary in length and script like real ones."""

import sys
from datetime import date
from decimal import Decimal

import django

NAMES = [
    "Léa Martin",
    "Mohamed El Amrani",
    "ليلى بن علي",
    "Jan Vermeulen",
    "Aïcha Diallo-Van den Broeck",
    "Oleksandra Kovalenko",
]
COURSES = [
    "Premiers pas avec l'ordinateur",
    "Envoyer un e-mail avec une pièce jointe",
    "Se protéger des arnaques en ligne",
    "Digitale basisvaardigheden: online formulieren invullen",
]
COMPETENCES = [
    {"code": "1.1", "name": "Naviguer, rechercher et filtrer", "level": 2},
    {"code": "2.1", "name": "Interagir par les technologies", "level": 3},
    {"code": "4.1", "name": "Protéger les appareils", "level": 2},
]


def main() -> None:
    django.setup()
    from certificates.codes import code_generate
    from certificates.models import Certificate

    count, status = int(sys.argv[1]), sys.argv[2]
    if not (1 <= count <= 100_000 and status in ("issued", "preparing")):
        raise SystemExit("usage: COUNT (1..100000) issued|preparing")
    issued = status == "issued"
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(code_generate())
    rows = [
        Certificate(
            code=code,
            status=status,
            holder_name=NAMES[i % len(NAMES)],
            course_title=COURSES[i % len(COURSES)],
            course_language="nl" if i % len(COURSES) == 3 else "fr",
            hours=Decimal("4.5") + i % 8,
            competences=COMPETENCES[: 1 + i % len(COMPETENCES)],
            assessment="Quiz final réussi à 85 %",
            issuer_name="Le Monde des Possibles asbl (Sirius Hub)",
            issuer_company_number="0123456749",
            issued_on=date(2026, 11, 1 + i % 28),
            expires_on=date(2029, 11, 1) if i % 5 == 0 else None,
            pdf_sha256=f"{i:064x}" if issued else "",
        )
        for i, code in enumerate(sorted(codes))
    ]
    Certificate.objects.bulk_create(rows, batch_size=1000)
    sys.stdout.write("".join(f"{code}\n" for code in sorted(codes)))


if __name__ == "__main__":
    main()
