"""Journey: a visitor checks one certificate by its link; a partner checks three
codes at once and reads three right answers."""

from datetime import date

import pytest
from playwright.sync_api import expect

from certificates.codes import code_generate
from certificates.models import Certificate
from tests.certificates.test_views_verification import certificate_make, typo_of
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.layout import page_width
from tests.e2e.test_journey_login_cards import PASSWORD, log_in


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.VERIFICATION_RATE_LIMIT = "1000/m"


@pytest.mark.parametrize(
    ("language", "size"),
    [
        pytest.param("fr", DESKTOP, id="fr-1280x800"),
        pytest.param("ar", PHONE, id="ar-360x740"),
    ],
)
def test_journey_verification_visitor_sees_valid(
    new_context, demo, media, language, size
):
    """An anonymous visitor opens the printed link and reads "valide", the name
    as printed, and the PDF's fingerprint; axe finds nothing."""
    certificate = certificate_make(holder_name="ليلى بن علي")
    page = new_context(language=language, size=size).new_page()

    page.goto(certificate.get_absolute_url())

    status = page.locator(".certificate-status.status-valid")
    expect(status).to_be_visible()
    if language == "fr":
        expect(status).to_contain_text("Valide")
    expect(page.locator("dd[dir=auto]").first).to_have_text("ليلى بن علي")
    expect(page.locator("code.hash")).to_have_text(certificate.pdf_sha256)
    assert_axe_clean(page)
    assert page_width(page) <= size["width"]


def test_journey_verification_partner_checks_three_codes(new_context, demo, media):
    """Paula (Forem) pastes three codes: valid, revoked, typo; three right
    answers in the table; axe finds nothing."""
    valid = certificate_make(holder_name="Léa Martin")
    revoked = certificate_make(
        holder_name="Tom Peeters",
        status=Certificate.Status.REVOKED,
        revoked_on=date(2026, 11, 2),
    )
    typo = typo_of(code_generate())
    page = new_context(language="fr").new_page()
    log_in(page, "paula", PASSWORD)

    page.goto("/partners/verify/")
    assert_axe_clean(page)
    page.get_by_label("Codes des certificats").fill(
        "\n".join([valid.display_code, revoked.display_code, typo])
    )
    page.get_by_role("button", name="Vérifier", exact=True).click()

    rows = page.locator("table.verification-results tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Valide")
    expect(rows.nth(0)).to_contain_text("Léa Martin")
    expect(rows.nth(1)).to_contain_text("Révoqué")
    expect(rows.nth(1)).to_contain_text("Tom Peeters")
    expect(rows.nth(2)).to_contain_text("Faute de frappe probable")
    expect(page.get_by_role("button", name="Télécharger en CSV")).to_be_visible()
    assert_axe_clean(page)
