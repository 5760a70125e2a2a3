"""GET /api/v1/me/certificates/: the caller's certificates only, in the schema."""

import pytest
from django.urls import reverse

from certificates.models import Certificate
from tests.certificates.test_views_member import certificate_make
from tests.factories import CourseFactory, LearnerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/certificates/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_api_me_certificates_only_mine(client):
    """Code, status, course, date and PDF link of mine; never another's."""
    me = LearnerFactory()
    mine = certificate_make(user=me, course=CourseFactory(title="Mon e-mail"))
    preparing = certificate_make(
        user=me, status=Certificate.Status.PREPARING, pdf=False
    )
    certificate_make(user=LearnerFactory())
    client.force_login(me)

    response = client.get(URL)

    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert set(rows) == {mine.display_code, preparing.display_code}
    assert rows[mine.display_code] == {
        "code": mine.display_code,
        "status": "valid",
        "course": "Mon e-mail",
        "issued_on": "2026-11-03",
        "pdf_url": "http://testserver"
        + reverse("certificates:pdf", args=[mine.display_code]),
    }
    assert rows[preparing.display_code]["status"] == "preparing"
    assert rows[preparing.display_code]["pdf_url"] is None


def test_api_me_certificates_pdf_url_downloads(client):
    """The pdf_url downloads the PDF for its holder."""
    me = LearnerFactory()
    certificate_make(user=me)
    client.force_login(me)
    pdf_url = client.get(URL).json()[0]["pdf_url"]
    assert client.get(pdf_url).status_code == 200


def test_api_me_certificates_needs_login(client):
    """Anonymous callers are refused."""
    assert client.get(URL).status_code in (401, 403)


@pytest.mark.parametrize("count", [1, 10])
def test_api_me_certificates_constant_queries(client, django_assert_num_queries, count):
    """One query for the certificates, whatever their number."""
    me = LearnerFactory()
    for _ in range(count):
        certificate_make(user=me)
    client.force_login(me)
    with django_assert_num_queries(3):  # session, user, certificates
        response = client.get(URL)
    assert len(response.json()) == count


def test_api_me_certificates_in_schema(client):
    """The route is in the OpenAPI schema with its fields."""
    response = client.get(reverse("api-schema"), {"format": "json"})
    schema = response.json()
    assert "/api/v1/me/certificates/" in schema["paths"]
    item = schema["components"]["schemas"]["MyCertificate"]
    assert set(item["properties"]) == {
        "code",
        "status",
        "course",
        "issued_on",
        "pdf_url",
    }
