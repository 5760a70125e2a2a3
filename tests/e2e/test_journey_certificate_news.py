"""Journey: the moment of success. While the worker prepares Léa's certificate
her course page says "Votre certificat est en préparation", then, by itself,
"Votre certificat est prêt" with a link to it. Axe-clean."""

from playwright.sync_api import expect

from certificates.models import Certificate
from tests.e2e.axe import assert_axe_clean
from tests.e2e.test_journey_login_cards import PASSWORD, log_in


def test_journey_certificate_news_updates_by_itself(page, demo):
    certificate = Certificate.objects.filter(
        user__username="lea", status=Certificate.Status.ISSUED
    ).first()
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.PREPARING
    )
    log_in(page, "lea", PASSWORD)
    page.goto(certificate.course.get_absolute_url())
    news = page.locator(".certificate-news")
    expect(news).to_contain_text("Votre certificat est en préparation")
    assert_axe_clean(page)

    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.ISSUED
    )
    expect(news).to_contain_text("Votre certificat est prêt", timeout=12_000)
    news.get_by_role("link", name="Voir mon certificat").click()
    expect(page.locator(f"#certificate-{certificate.pk}")).to_be_visible()

    page.goto("/")
    expect(page.locator(".certificate-news").first).to_contain_text(
        "Votre certificat est prêt"
    )
    assert_axe_clean(page)
