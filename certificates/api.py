"""API of verification: anyone checks one code; partners check up to 200 at once."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from members.permissions import IsPartner

from . import credential_check, selectors, services
from .ratelimit import verification_retry_after
from .serializers import (
    VerificationBulkRequestSerializer,
    VerificationBulkSerializer,
    VerificationSerializer,
    verification_data,
)
from .views import HTTP_STATUS, rate_limited_message, verification_headers

Detail = inline_serializer("VerificationDetail", {"detail": serializers.CharField()})


class VerificationAPIView(APIView):
    """Our own per-client counter (shared with the page) replaces DRF's throttles."""

    throttle_classes: list = []

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return verification_headers(response, no_referrer=True)

    def limited(self, request) -> Response | None:
        retry_after = verification_retry_after(request)
        if retry_after is None:
            return None
        return Response(
            {"detail": rate_limited_message()},
            status=429,
            headers={"Retry-After": str(retry_after)},
        )


class VerificationDetailView(VerificationAPIView):
    """What one certificate code says, in one query; no account needed."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="verifications_retrieve",
        parameters=[
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                description="The code as printed; case, spaces and hyphens are free.",
            )
        ],
        responses={
            200: VerificationSerializer,
            400: OpenApiResponse(
                VerificationSerializer, "Not a code, or a probable typo."
            ),
            404: OpenApiResponse(VerificationSerializer, "No certificate has it."),
            429: OpenApiResponse(Detail, "Too many look-ups: see Retry-After."),
        },
        auth=[{}],
    )
    def get(self, request, code: str):
        limited = self.limited(request)
        if limited:
            return limited
        verification = selectors.verification_lookup(code)
        if verification.certificate is not None and request.user.is_authenticated:
            services.verification_log_record(
                certificates=[verification.certificate], user=request.user
            )
        return Response(
            verification_data(verification),
            status=HTTP_STATUS.get(verification.status, 200),
        )


class CredentialDetailView(VerificationAPIView):
    """The certificate's signed Open Badge, the very bytes stored at issuance."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="certificates_credential_retrieve",
        parameters=[
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                description="The code as printed; case, spaces and hyphens are free.",
            )
        ],
        responses={
            (200, "application/ld+json"): OpenApiResponse(
                description="The OpenBadgeCredential (a W3C Verifiable Credential "
                "2.0) with its eddsa-rdfc-2022 proof, byte for byte as signed."
            ),
            404: OpenApiResponse(Detail, "No public certificate with a badge."),
            429: OpenApiResponse(Detail, "Too many look-ups: see Retry-After."),
        },
        auth=[{}],
    )
    def get(self, request, code: str):
        limited = self.limited(request)
        if limited:
            return limited
        credential = selectors.credential_for_code(code)
        if credential is None or not credential.document:
            return Response(
                {"detail": _("Aucun badge numérique public pour ce code.")},
                status=404,
            )
        response = HttpResponse(
            bytes(credential.document), content_type="application/ld+json"
        )
        response["Content-Disposition"] = (
            f'inline; filename="badge-{credential.certificate.display_code}.json"'
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response


CredentialCheckLine = inline_serializer(
    "CredentialCheckLine",
    {
        "name": serializers.ChoiceField(["signature", "issuer", "status", "validity"]),
        "passed": serializers.BooleanField(allow_null=True),
        "message": serializers.CharField(),
    },
    many=True,
)
CredentialCheckAnswer = inline_serializer(
    "CredentialCheckAnswer",
    {
        "verified": serializers.BooleanField(),
        "checks": CredentialCheckLine,
    },
)
CredentialCheckProblem = inline_serializer(
    "CredentialCheckProblem",
    {"code": serializers.CharField(), "detail": serializers.CharField()},
)


def credential_input(request) -> bytes:
    """The credential as sent by a Django request: a form's uploaded file or pasted
    text "credential", or the raw body."""
    if request.content_type in (
        "multipart/form-data",
        "application/x-www-form-urlencoded",
    ):
        upload = request.FILES.get("credential")
        if upload is not None:
            return upload.read(credential_check.MAX_BYTES + 1)
        return request.POST.get("credential", "").encode("utf-8")
    return request.body


def credential_check_answer(raw: bytes) -> tuple[dict, int]:
    """The JSON answer to a credential check and its HTTP status."""
    try:
        report = credential_check.credential_check(raw)
    except credential_check.BadCredential as problem:
        return {"code": problem.code, "detail": problem.message}, problem.status
    data = {
        "verified": report.verified,
        "checks": [
            {"name": line.name, "passed": line.passed, "message": line.message}
            for line in report.checks
        ],
    }
    return data, 422 if report.tampered else 200


class CredentialCheckView(VerificationAPIView):
    """Anyone checks an Open Badge: signature, issuer known here, status, dates.
    Nothing is fetched: another issuer's badge is answered "issuer not known"."""

    permission_classes = [AllowAny]
    parser_classes: list = []  # the raw bytes are read, never re-encoded

    @extend_schema(
        operation_id="credentials_verify",
        request={
            "application/json": {"type": "object", "description": "The credential."},
            "multipart/form-data": {
                "type": "object",
                "properties": {"credential": {"type": "string", "format": "binary"}},
            },
        },
        responses={
            200: CredentialCheckAnswer,
            400: OpenApiResponse(
                CredentialCheckProblem,
                "Not JSON, not a credential, no proof, an unknown context.",
            ),
            413: OpenApiResponse(CredentialCheckProblem, "Over 256 kB."),
            422: OpenApiResponse(
                CredentialCheckAnswer, "The signature does not match: changed."
            ),
            429: OpenApiResponse(Detail, "Too many look-ups: see Retry-After."),
        },
        auth=[{}],
    )
    def post(self, request):
        limited = self.limited(request)
        if limited:
            return limited
        data, status = credential_check_answer(credential_input(request._request))
        return Response(data, status=status)


class VerificationBulkView(VerificationAPIView):
    """Partners: up to 200 codes in one query, answered in order; every certificate
    found is logged for its holder. A list counts as one look-up for the limit."""

    permission_classes = [IsPartner]

    @extend_schema(
        operation_id="verifications_bulk",
        request=VerificationBulkRequestSerializer,
        responses={
            200: VerificationBulkSerializer,
            400: OpenApiResponse(description="Not a list of 1 to 200 strings."),
            403: OpenApiResponse(description="Partner accounts only."),
            429: OpenApiResponse(Detail, "Too many look-ups: see Retry-After."),
        },
    )
    def post(self, request):
        limited = self.limited(request)
        if limited:
            return limited
        given = VerificationBulkRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        results = selectors.verifications_lookup(given.validated_data["codes"])
        services.verification_log_record(
            certificates=[r.certificate for r in results if r.certificate],
            user=request.user,
        )
        return Response(VerificationBulkSerializer({"results": results}).data)
