"""Partners' look-ups count per organisation: anonymous visitors sharing their
address (a training centre, a public library) never use up a partner's batch."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from certificates.codes import code_display, code_generate
from tests.certificates.test_views_verification import certificate_make
from tests.factories import OrganisationFactory, PartnerFactory

pytestmark = pytest.mark.django_db

SHARED_ADDRESS = "198.51.100.20"


@pytest.fixture(autouse=True)
def _limits(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.VERIFICATION_RATE_LIMIT = "5/m"
    settings.PARTNER_VERIFICATION_RATE_LIMIT = "60/m"


def _anonymous_exhaust_the_address(client) -> None:
    url = reverse("certificates:verify-code", args=[code_display(code_generate())])
    statuses = [
        client.get(url, REMOTE_ADDR=SHARED_ADDRESS).status_code for _ in range(6)
    ]
    assert statuses[-1] == 429, statuses


def test_ratelimit_partner_batch_after_anonymous_exhausted_the_address(client):
    """Strangers used the address's window; the partner's 50 checks all answer."""
    _anonymous_exhaust_the_address(client)
    certificates = [certificate_make() for _ in range(5)]
    api = APIClient()
    api.force_authenticate(PartnerFactory())

    statuses = [
        api.get(
            reverse("api-verification-detail", args=[certificates[n % 5].code]),
            REMOTE_ADDR=SHARED_ADDRESS,
        ).status_code
        for n in range(50)
    ]

    assert statuses == [200] * 50
    # The strangers are still held to their own window.
    again = client.get(
        reverse("certificates:verify-code", args=[certificates[0].code]),
        REMOTE_ADDR=SHARED_ADDRESS,
    )
    assert again.status_code == 429


def test_ratelimit_partner_bulk_page_after_anonymous_exhausted_the_address(client):
    """The bulk page, logged in from the same address, answers too."""
    _anonymous_exhaust_the_address(client)
    certificates = [certificate_make() for _ in range(3)]
    client.force_login(PartnerFactory())

    response = client.post(
        reverse("certificates:partner-verify"),
        {"codes": "\n".join(c.code for c in certificates)},
        REMOTE_ADDR=SHARED_ADDRESS,
    )

    assert response.status_code == 200
    assert "Trop de vérifications" not in response.content.decode()


def test_ratelimit_partner_limit_is_shared_by_the_organisation():
    """Two accounts of one organisation share its window; another organisation
    has its own."""
    forem = OrganisationFactory()
    first = APIClient()
    first.force_authenticate(PartnerFactory(organisation=forem))
    second = APIClient()
    second.force_authenticate(PartnerFactory(organisation=forem))
    other = APIClient()
    other.force_authenticate(PartnerFactory())
    url = reverse("api-verification-detail", args=[code_display(code_generate())])

    for _ in range(30):
        assert first.get(url).status_code == 404
        assert second.get(url).status_code == 404
    limited = first.get(url)

    assert limited.status_code == 429
    assert limited.json()["detail"].startswith("Trop de vérifications")
    assert other.get(url).status_code == 404
