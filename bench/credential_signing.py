"""Cost of signing an Open Badge at issuance (issue 17 target: at most +20 % on the
issuing + rendering time of one certificate), in one warm process, no database.

Times, interleaved over ROUNDS rounds: the certificate's HTML + PDF render (what the
render task does besides storing), and the badge's build + eddsa-rdfc-2022 signature
(what certificate_pdf_store now adds). Prints medians and the ratio."""

import argparse
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET = 0.20  # signing / (issuing + rendering)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="rounds [20]")
    args = parser.parse_args()
    if not 3 <= args.rounds <= 200:
        parser.error("--rounds 3..200")

    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    os.environ.setdefault("SITE_URL", "https://sirius.example")
    django.setup()

    from certificates import pdf, rendering
    from certificates.credentials.did import did_document_key_lookup, did_web_from_url
    from certificates.credentials.keys import key_generate, public_multikey_encode
    from certificates.credentials.open_badges import open_badge_build
    from certificates.credentials.proofs import credential_sign, credential_verify
    from certificates.models import Certificate
    from tests.credentials.factories import credential_data

    certificate = Certificate(
        code="ABCDEFGHJKMNP",
        status=Certificate.Status.ISSUED,
        holder_name="Fatima El Amrani",
        course_title="Envoyer un e-mail",
        course_language="fr",
        hours=Decimal("3.0"),
        competences=[
            {"code": "2.1", "name": "Interagir", "level": 2, "esco_uri": ""},
            {"code": "2.5", "name": "Nétiquette", "level": 2, "esco_uri": ""},
        ],
        assessment="Quiz final réussi à 85 %",
        issuer_name="Le Monde des Possibles asbl",
        issuer_company_number="0123456789",
        issued_on=date(2026, 12, 7),
    )
    key = key_generate()
    did = did_web_from_url("https://sirius.example")
    data = credential_data(issuer_did=did)

    def render() -> None:
        pdf.certificate_pdf(rendering.certificate_html(certificate))

    def sign() -> None:
        credential_sign(
            open_badge_build(data=data),
            key=key,
            verification_method=f"{did}#key-1",
            created=django.utils.timezone.now(),
        )

    render()
    sign()  # warm: contexts loaded, WeasyPrint fonts cached
    rendered, signed = [], []
    for _ in range(args.rounds):
        for work, times in ((render, rendered), (sign, signed)):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
    # The verification endpoint's core: the signature check of one badge.
    badge = credential_sign(
        open_badge_build(data=data),
        key=key,
        verification_method=f"{did}#key-1",
        created=django.utils.timezone.now(),
    )
    lookup = did_document_key_lookup(
        {
            "id": did,
            "verificationMethod": [
                {
                    "id": f"{did}#key-1",
                    "type": "Multikey",
                    "controller": did,
                    "publicKeyMultibase": public_multikey_encode(key.public_key()),
                }
            ],
            "assertionMethod": [f"{did}#key-1"],
        }
    )
    checked = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        verified = credential_verify(badge, public_key_lookup=lookup).verified
        checked.append(time.perf_counter() - started)
        if not verified:
            raise SystemExit("our own badge did not verify")
    verify_ms = statistics.median(checked) * 1000
    render_ms = statistics.median(rendered) * 1000
    sign_ms = statistics.median(signed) * 1000
    share = sign_ms / render_ms
    print(f"rounds: {args.rounds}, load average: {os.getloadavg()[0]:.1f}")
    print(f"issuing + rendering (HTML + PDF), median: {render_ms:.1f} ms")
    print(f"badge build + sign, median: {sign_ms:.1f} ms")
    print(
        f"badge signature check, median: {verify_ms:.1f} ms "
        f"(at most {1000 / verify_ms:.0f} checks/s per core)"
    )
    verdict = "met" if share <= TARGET else "MISSED"
    print(f"signing adds {share:.1%} (target <= {TARGET:.0%}): {verdict}")
    return 0 if share <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
