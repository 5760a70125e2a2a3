"""Journey: from the last quiz to a certificate a partner checks.

Léa (demo) has read every lesson of "Premiers pas avec un smartphone"; she passes
its quiz in the browser. "Mes certificats" shows the certificate valid (rendered
in-process, as `make run` does), its PDF holds her name, the course and the code;
a visitor opening the verification link reads "valide"; Paula (Forem, demo)
checks three codes at once (valid, revoked, typo) and gets the three right
answers; Léa then reads that Forem checked her certificate. axe: no violation on
"Mes certificats" in fr and ar.
"""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from certificates import services as certificate_services
from certificates.models import Certificate
from courses.models import Enrollment
from members.models import User
from quizzes.models import Attempt
from tests.certificates.factories import completed_enrollment
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import PHONE
from tests.e2e.quiz import enter_on_submit, log_in, pass_the_quiz, ready_for_the_quiz

SLUG = "premiers-pas-smartphone"
DEMO_PASSWORD = "sirius-demo-2026"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SITE_URL = "http://sirius.test"


def _revoked_code() -> str:
    """Someone else's certificate, revoked by a trainer."""
    enrollment = completed_enrollment()
    certificate = Certificate.objects.get(user=enrollment.user)
    trainer = User.objects.get(username="tom")
    certificate.course.trainers.add(trainer)
    certificate_services.certificate_revoke(
        certificate=certificate, by=trainer, reason="Erreur de nom"
    )
    return certificate.display_code


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="360x740")])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_journey_certificate_from_quiz_to_partner_check(
    new_context, demo, media, language
):
    lea = User.objects.get(username="lea")
    quiz_lesson = ready_for_the_quiz(lea, SLUG)
    page = new_context(language=language).new_page()
    log_in(page, lea, DEMO_PASSWORD)

    page.goto(quiz_lesson.get_absolute_url())
    enter_on_submit(page, form_action_ends="/quiz/start/")
    expect(page).to_have_url(re.compile(r"/quiz/\d+/1/$"))
    attempt = Attempt.objects.get(user=lea, submitted_at=None)
    pass_the_quiz(page, attempt)
    expect(page.locator(".quiz-score progress")).to_have_attribute("value", "100")
    assert Enrollment.objects.get(user=lea, course__slug=SLUG).completed_at

    # "Mes certificats": valid at once (rendered in-process without a broker).
    page.goto("/certificates/")
    card = page.locator(".certificate-card").first
    expect(card.locator(".status-valid")).to_be_visible()
    certificate = Certificate.objects.get(user=lea, course__slug=SLUG)
    expect(card).to_contain_text(certificate.display_code)
    assert_axe_clean(page)

    # The PDF: her name, the course, the code.
    with page.expect_download() as download:
        card.locator(f"a[href$='/{certificate.display_code}/pdf/']").click()
    content = Path(download.value.path()).read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Léa Dubois" in text
    assert "Premiers pas avec un smartphone" in text
    assert certificate.display_code in text

    # A visitor opens the verification link: valid.
    visitor = new_context(language=language).new_page()
    visitor.goto(f"/v/{certificate.display_code}")
    expect(visitor.locator(".certificate-status.status-valid")).to_be_visible()

    # Paula checks three codes at once.
    revoked = _revoked_code()
    typo = certificate.display_code[:-1] + (
        "0" if certificate.display_code[-1] != "0" else "1"
    )
    partner = new_context(language=language).new_page()
    log_in(partner, User.objects.get(username="paula"), DEMO_PASSWORD)
    partner.goto("/partners/verify/")
    partner.locator("textarea").fill(f"{certificate.display_code}\n{revoked}\n{typo}")
    partner.locator("form.verify-bulk-form button[type=submit]").click()
    rows = partner.locator("table.verification-results tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_have_class(re.compile(r"status-valid"))
    expect(rows.nth(1)).to_have_class(re.compile(r"status-revoked"))
    expect(rows.nth(2)).to_have_class(re.compile(r"status-typo"))

    # Léa sees that Forem checked her certificate.
    page.goto("/certificates/")
    expect(page.locator("#verifications ~ ul li")).to_contain_text("Forem (démo)")
    assert_axe_clean(page)
