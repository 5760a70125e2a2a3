"""The verification API: anyone checks one code in one query with a uniform answer
shape; partners check up to 200 at once, and their checks are logged."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from certificates.codes import code_display, code_generate
from certificates.models import Certificate, VerificationLog
from tests.certificates.test_views_verification import certificate_make, typo_of
from tests.factories import LearnerFactory, PartnerFactory

pytestmark = pytest.mark.django_db

SHAPE = {
    "code",
    "status",
    "holder_name",
    "holder_erased",
    "course",
    "competences",
    "hours",
    "assessment",
    "issuer",
    "issued_on",
    "expires_on",
    "revoked_on",
    "pdf_sha256",
}
BULK = reverse("api-verification-bulk")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.VERIFICATION_RATE_LIMIT = "1000/m"


@pytest.fixture
def api():
    """A client that enforces CSRF, as a browser session would."""
    return APIClient(enforce_csrf_checks=True)


def detail(api, code: str):
    return api.get(reverse("api-verification-detail", args=[code]))


def test_api_verification_valid_answers_the_snapshot(api):
    """A valid certificate: every field, and nothing else."""
    certificate = certificate_make()

    response = detail(api, certificate.code.lower())

    body = response.json()
    assert response.status_code == 200
    assert set(body) == SHAPE
    assert body == {
        "code": certificate.display_code,
        "status": "valid",
        "holder_name": "Léa Martin",
        "holder_erased": False,
        "course": "Mon e-mail",
        "competences": [
            {"code": "2.1", "name": "Interagir par le numérique", "level": 3}
        ],
        "hours": "6.5",
        "assessment": "Quiz final réussi à 85 %",
        "issuer": "Le Monde des Possibles asbl (0123456749)",
        "issued_on": "2026-10-05",
        "expires_on": None,
        "revoked_on": None,
        "pdf_sha256": certificate.pdf_sha256,
    }
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"


def test_api_verification_never_shows_email_or_other_certificates(api):
    """F: neither the holder's e-mail nor their other certificate appears."""
    certificate = certificate_make()
    other = certificate_make(user=certificate.user)

    text = detail(api, certificate.code).content.decode()

    assert certificate.user.email not in text
    assert other.code not in text and other.display_code not in text
    assert set(detail(api, certificate.code).json()) == SHAPE  # no ids, no user


def test_api_verification_revoked_with_date(api):
    """F5: revoked, with its date."""
    certificate = certificate_make(
        status=Certificate.Status.REVOKED,
        revoked_on=date(2026, 11, 2),
        revoked_reason="interne",
    )

    body = detail(api, certificate.code).json()

    assert body["status"] == "revoked"
    assert body["revoked_on"] == "2026-11-02"
    assert "interne" not in str(body)


@pytest.mark.parametrize(
    ("make_code", "status", "http"),
    [
        pytest.param(
            lambda: code_display(code_generate()), "unknown", 404, id="unknown"
        ),
        pytest.param(lambda: typo_of(code_generate()), "typo", 400, id="typo"),
        pytest.param(lambda: "ABC", "invalid", 400, id="malformed"),
    ],
)
def test_api_verification_not_found_keeps_the_shape(api, make_code, status, http):
    """F3: unknown, typo and malformed answer the same shape, fields null."""
    response = detail(api, make_code())

    body = response.json()
    assert response.status_code == http
    assert set(body) == SHAPE
    assert body["status"] == status
    assert all(body[field] is None for field in SHAPE - {"code", "status"})


def test_api_verification_private_shows_nothing(api):
    """Switched off by the holder: status "private", every field null."""
    certificate = certificate_make(public_verification=False)

    body = detail(api, certificate.code).json()

    assert body["status"] == "private"
    assert body["holder_name"] is None and body["pdf_sha256"] is None


def test_api_verification_one_query_anonymous(api, django_assert_num_queries):
    """One query for a known code and for an unknown one; none for a typo."""
    certificate = certificate_make()
    with django_assert_num_queries(1):
        assert detail(api, certificate.code).status_code == 200
    with django_assert_num_queries(1):
        assert detail(api, code_generate()).status_code == 404
    with django_assert_num_queries(0):
        assert detail(api, typo_of(code_generate())).status_code == 400


def test_api_verification_rate_limited(api, settings):
    """Past the limit: 429, JSON detail in French, Retry-After."""
    settings.VERIFICATION_RATE_LIMIT = "1/m"
    detail(api, code_generate())

    response = detail(api, code_generate())

    assert response.status_code == 429
    assert response.json()["detail"].startswith("Trop de vérifications")
    assert int(response["Retry-After"]) >= 1


def test_api_verification_partner_single_check_is_logged(api):
    """A partner calling the single API is logged; an anonymous caller is not."""
    certificate = certificate_make()
    detail(api, certificate.code)
    assert not VerificationLog.objects.exists()

    partner = PartnerFactory()
    api.force_authenticate(partner)
    detail(api, certificate.code)

    log = VerificationLog.objects.get()
    assert (log.certificate, log.organisation, log.checked_by) == (
        certificate,
        partner.organisation,
        partner,
    )


def test_api_verification_bulk_three_codes(api, django_assert_max_num_queries):
    """One valid, one revoked, one typo: three answers in order, one look-up
    query, and two logs (none for the typo)."""
    valid = certificate_make()
    revoked = certificate_make(
        status=Certificate.Status.REVOKED, revoked_on=date(2026, 11, 2)
    )
    typo = typo_of(code_generate())
    api.force_authenticate(PartnerFactory())

    with django_assert_max_num_queries(2):  # the look-up, then the log insert
        response = api.post(
            BULK,
            {"codes": [valid.display_code, revoked.code.lower(), typo]},
            format="json",
        )

    results = response.json()["results"]
    assert response.status_code == 200
    assert [r["status"] for r in results] == ["valid", "revoked", "typo"]
    assert [r["code"] for r in results] == [
        valid.display_code,
        revoked.display_code,
        typo,
    ]
    assert results[1]["revoked_on"] == "2026-11-02"
    assert all(set(r) == SHAPE for r in results)
    assert VerificationLog.objects.count() == 2


def test_api_verification_bulk_constant_queries(api, django_assert_num_queries):
    """3 codes or 150: the same two queries (look-up, log)."""
    api.force_authenticate(PartnerFactory())
    for count in (3, 150):
        codes = [certificate_make(pdf=None).code for _ in range(count)]
        with django_assert_num_queries(2):
            response = api.post(BULK, {"codes": codes}, format="json")
        assert len(response.json()["results"]) == count


def test_api_verification_bulk_duplicates_and_bad_entries_answered_each(api):
    """Each entry answered in order; a certificate checked twice is logged once."""
    certificate = certificate_make()
    api.force_authenticate(PartnerFactory())

    response = api.post(
        BULK,
        {"codes": [certificate.code, certificate.display_code, "", "x" * 500]},
        format="json",
    )

    statuses = [r["status"] for r in response.json()["results"]]
    assert statuses == ["valid", "valid", "invalid", "invalid"]
    assert VerificationLog.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        {"codes": []},
        {"codes": ["A"] * 201},
        {"codes": "ABCD"},
        {"codes": [None]},
        {"codes": [{"a": 1}]},
        {},
    ],
)
def test_api_verification_bulk_refuses_what_is_not_a_list(api, payload):
    """Not a list of 1 to 200 strings: 400, nothing looked up or logged."""
    api.force_authenticate(PartnerFactory())

    response = api.post(BULK, payload, format="json")

    assert response.status_code == 400
    assert not VerificationLog.objects.exists()


def test_api_verification_bulk_partners_only(api):
    """Anonymous and learners get 403."""
    payload = {"codes": [code_generate()]}
    assert api.post(BULK, payload, format="json").status_code == 403
    api.force_authenticate(LearnerFactory())
    assert api.post(BULK, payload, format="json").status_code == 403


def test_api_verification_in_the_schema(client):
    """Both operations are documented in the OpenAPI schema."""
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]

    assert "get" in paths["/api/v1/verifications/{code}"]
    assert "post" in paths["/api/v1/verifications/"]


def test_api_verification_codes_with_other_dashes_and_digits(api):
    """The API reads codes as the pages do: dashes of every kind, Arabic digits."""
    certificate = certificate_make(code="ABCD4829JKMNT")
    typed = "ABCD–٤٨٢٩—JKMN‑T"
    api.force_authenticate(PartnerFactory())

    single = detail(api, typed)
    bulk = api.post(BULK, {"codes": [typed, "abcd−4829 jkmn t"]}, format="json")

    assert single.json()["status"] == "valid"
    assert single.json()["code"] == certificate.display_code
    assert [r["status"] for r in bulk.json()["results"]] == ["valid", "valid"]
