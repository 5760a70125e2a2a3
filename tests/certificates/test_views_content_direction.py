"""A certificate's course title keeps its frozen language and direction, and the
holder's name is isolated, on the verification page, "Mes certificats", the
portfolio and the PDF, whatever the interface's language."""

from datetime import date

import pytest
from django.urls import reverse

from certificates.codes import code_generate
from certificates.models import Certificate
from certificates.rendering import certificate_html
from skills.models import Portfolio
from tests.factories import LearnerFactory
from tests.skills.factories import issued_certificate

pytestmark = pytest.mark.django_db

FRENCH = 'lang="fr" dir="ltr"'
ARABIC = 'lang="ar" dir="rtl"'


def _certificate(**fields) -> Certificate:
    values = {
        "code": code_generate(),
        "status": Certificate.Status.ISSUED,
        "holder_name": "Léa Martin",
        "course_title": "Mon e-mail",
        "course_language": "fr",
        "hours": "6.5",
        "competences": [
            {"code": "2.1", "name": "Interagir par le numérique", "level": 3}
        ],
        "assessment": "Quiz final réussi à 85 %",
        "issuer_name": "Le Monde des Possibles asbl",
        "issued_on": date(2026, 10, 5),
        **fields,
    }
    values.setdefault("user", LearnerFactory())
    return Certificate.objects.create(**values)


def _page(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_views_content_direction_verification_page_in_arabic(client):
    """A French certificate checked in Arabic: title, assessment and competence
    names read left to right, the holder's name is isolated."""
    certificate = _certificate()

    page = _page(client, certificate.get_absolute_url(), "ar")

    assert '<html lang="ar" dir="rtl">' in page
    assert f"<dd {FRENCH}>Mon e-mail</dd>" in page
    assert f"<dd {FRENCH}>Quiz final réussi à 85 %</dd>" in page
    assert '<dd dir="auto">Léa Martin</dd>' in page
    assert f"<span {FRENCH}>Interagir par le numérique</span>" in page


def test_views_content_direction_arabic_certificate_in_french(client):
    """An Arabic course's certificate reads right to left on a French page; its
    competence names were frozen in French (there is no Arabic DigComp)."""
    certificate = _certificate(
        course_title="الهاتف الذكي", course_language="ar", holder_name="ليلى"
    )

    page = _page(client, certificate.get_absolute_url(), "fr")

    assert f"<dd {ARABIC}>الهاتف الذكي</dd>" in page
    assert '<dd dir="auto">ليلى</dd>' in page
    assert f"<span {FRENCH}>Interagir par le numérique</span>" in page


def test_views_content_direction_my_certificates(client):
    """Mes certificats, in Arabic, shows the French course title left to right."""
    member = LearnerFactory()
    _certificate(user=member)
    client.force_login(member)

    mine = _page(client, reverse("certificates:mine"), "ar")

    assert f"{FRENCH}>Mon e-mail</h2>" in mine


def test_views_content_direction_portfolio(client, django_capture_on_commit_callbacks):
    """The portfolio in Arabic: the member's name isolated, the French course
    title and competence names left to right, in the list and in the sentence."""
    member = LearnerFactory(first_name="Léa", last_name="Martin")
    title = issued_certificate(
        user=member, capture=django_capture_on_commit_callbacks
    ).course_title
    portfolio = Portfolio.objects.create(user=member)
    client.force_login(member)

    page = _page(
        client, reverse("skills:portfolio-detail", args=[portfolio.slug]), "ar"
    )

    assert "<h1><bdi>Léa Martin</bdi></h1>" in page
    assert f"<span {FRENCH}>{title}</span>" in page
    assert f"<bdi {FRENCH}>{title}</bdi>" in page  # in "Vérifier le certificat …"
    assert f"<span {FRENCH}>Naviguer, rechercher et filtrer" in page


def test_views_content_direction_certificate_pdf_html():
    """The PDF of an Arabic course is laid out right to left; the holder's name
    reads its own direction and the title is isolated in the sentence."""
    certificate = _certificate(
        course_title="الهاتف الذكي", course_language="ar", holder_name="Léa Martin"
    )

    html = certificate_html(certificate)

    assert f"<html {ARABIC}>" in html
    assert '<p class="holder" dir="auto">Léa Martin</p>' in html
    assert f"<bdi {ARABIC}>الهاتف الذكي</bdi>" in html
