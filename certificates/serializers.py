"""API shapes of verification: one answer per code, the same shape whatever it says."""

import functools
from decimal import Decimal

from rest_framework import serializers

from .forms import BULK_MAX
from .selectors import Verification

TENTH = Decimal("0.1")
STATUSES = [
    "valid",
    "expired",
    "revoked",
    "superseded",
    "preparing",
    "private",
    "unknown",
    "typo",
    "invalid",
]


class CompetenceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()


class VerificationSerializer(serializers.Serializer):
    """What a code says. Only a certificate that may be shown fills the fields;
    "private" (the holder switched verification off), "unknown", "typo" and
    "invalid" answer with every other field null."""

    code = serializers.CharField(
        help_text="The code as ABCD-EFGH-JKMN-P, or as typed when it is not one."
    )
    status = serializers.ChoiceField(choices=STATUSES)
    holder_name = serializers.CharField(
        allow_null=True,
        help_text="Null when the holder's personal data was erased at their request.",
    )
    holder_erased = serializers.BooleanField(
        allow_null=True,
        help_text="True when the holder's personal data was erased at their "
        "request: the certificate itself stays genuine.",
    )
    course = serializers.CharField(allow_null=True)
    competences = CompetenceSerializer(many=True, allow_null=True)
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=True
    )
    assessment = serializers.CharField(allow_null=True)
    issuer = serializers.CharField(allow_null=True)
    issued_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    revoked_on = serializers.DateField(allow_null=True)
    pdf_sha256 = serializers.CharField(
        allow_null=True, help_text="SHA-256 of the original PDF, hexadecimal."
    )

    def to_representation(self, instance: Verification) -> dict:
        return verification_data(instance)


@functools.cache
def verification_fields() -> tuple[str, ...]:
    return tuple(VerificationSerializer().fields)


def verification_data(verification: Verification) -> dict:
    """VerificationSerializer's answer, built without a serializer instance: the
    single-code API answers with it directly (copying the serializer's fields cost
    more than the look-up)."""
    shown = verification.shown
    if shown is None:
        data = dict.fromkeys(verification_fields())
        data.update(code=verification.code, status=verification.status)
        return data
    issuer = shown.issuer_name
    if shown.issuer_company_number:
        issuer = f"{issuer} ({shown.issuer_company_number})"
    return {
        "code": verification.code,
        "status": verification.status,
        "holder_name": shown.holder_name or None,
        "holder_erased": not shown.holder_name,
        "course": shown.course_title,
        "competences": [
            {"code": c.get("code"), "name": c.get("name"), "level": c.get("level")}
            for c in shown.competences or []
        ],
        "hours": str(shown.hours.quantize(TENTH)),  # as DecimalField(decimal_places=1)
        "assessment": shown.assessment or None,
        "issuer": issuer,
        "issued_on": shown.issued_on.isoformat(),
        "expires_on": shown.expires_on.isoformat() if shown.expires_on else None,
        "revoked_on": (
            verification.revoked_on.isoformat() if verification.revoked_on else None
        ),
        "pdf_sha256": shown.pdf_sha256 or None,
    }


class VerificationBulkRequestSerializer(serializers.Serializer):
    codes = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        allow_empty=False,
        max_length=BULK_MAX,
        help_text="Up to 200 codes as typed; each gets its own answer, in order.",
    )


class VerificationBulkSerializer(serializers.Serializer):
    results = VerificationSerializer(many=True)
