"""Certificates and passports read by screen readers (tagged PDF/UA with title and
language), with emoji printed, and the verification link never cut in its code."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certificates import pdf, rendering
from certificates.models import Certificate
from skills.models import Portfolio
from tests.factories import LearnerFactory, LearnerGroupFactory, TrainerFactory

pytestmark = pytest.mark.django_db


def _emoji_font_installed() -> bool:
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return False
    done = subprocess.run([fc_list], capture_output=True, text=True)  # noqa: S603 (fixed args)
    fonts = done.stdout
    return "emoji" in fonts.lower()


needs_emoji_font = pytest.mark.skipif(
    not _emoji_font_installed(),
    reason="Noto Color Emoji is not installed (apt-get install fonts-noto-color-emoji"
    " or make system-deps): emoji cannot be embedded",
)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://sirius.example"


def _certificate(**fields) -> Certificate:
    values = {
        "code": "4" * 12 + "4",
        "holder_name": "Léa Dubois",
        "course_title": "Premiers pas avec un smartphone",
        "course_language": "fr",
        "hours": 2,
        "competences": [{"code": "2.1", "name": "Interagir", "level": 1}],
        "assessment": "Quiz réussi à 100 %",
        "issuer_name": settings.CERTIFICATE_ISSUER_NAME,
        "issuer_company_number": settings.CERTIFICATE_ISSUER_COMPANY_NUMBER,
        "issued_on": timezone.localdate(),
        **fields,
    }
    return Certificate(**values)


def _certificate_pdf(certificate: Certificate) -> PdfReader:
    html = rendering.certificate_html(certificate)
    return PdfReader(io.BytesIO(pdf.certificate_pdf(html)))


def _passport_pdf(client, **fields) -> PdfReader:
    member = LearnerFactory(first_name="Léa", last_name="Dubois")
    portfolio = Portfolio.objects.create(user=member, visibility="public", **fields)
    client.force_login(member)
    response = client.get(reverse("skills:portfolio-pdf", args=[portfolio.slug]))
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.content))


def _font_names(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object().get("/BaseFont", "")))
    return names


def _assert_tagged(reader: PdfReader, *, title: str, lang: str) -> None:
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "no structure tree: screen readers see no tags"
    assert root["/MarkInfo"]["/Marked"] in (True, "true")
    assert str(root["/Lang"]) == lang
    assert title in (reader.metadata.title or "")


def test_rendering_pdf_certificate_is_tagged_with_title_and_lang():
    reader = _certificate_pdf(_certificate())
    _assert_tagged(reader, title="Certificat", lang="fr")


def test_rendering_pdf_passport_is_tagged_with_title_and_lang(client):
    reader = _passport_pdf(client)
    _assert_tagged(reader, title="Passeport numérique", lang="fr")


def test_rendering_pdf_verification_link_is_not_cut_in_its_code():
    certificate = _certificate()
    text = _certificate_pdf(certificate).pages[0].extract_text()
    path = reverse("certificates:verify-code", args=[certificate.display_code])
    assert path in text, f"{path} is cut in: {text!r}"


@needs_emoji_font
def test_rendering_pdf_passport_embeds_the_emoji_font(client):
    reader = _passport_pdf(client, headline="Aide-soignante 🌟")
    assert any(re.search("emoji", name, re.I) for name in _font_names(reader))


@needs_emoji_font
def test_rendering_pdf_certificate_embeds_the_emoji_font():
    reader = _certificate_pdf(_certificate(holder_name="Léa 🌟 Dubois"))
    assert any(re.search("emoji", name, re.I) for name in _font_names(reader))


def test_rendering_pdf_font_stacks_and_system_deps_name_the_emoji_font():
    """Without the font an emoji prints as an empty box: every PDF stylesheet asks
    for it, and the system packages install it."""
    base = Path(settings.BASE_DIR)
    for stylesheet in (
        base / "static/css/certificate-pdf.css",
        base / "templates/skills/pdf/passport.html",
    ):
        stacks = re.findall(r"font-family:([^;]+);", stylesheet.read_text())
        assert any("Noto Color Emoji" in stack for stack in stacks), stylesheet
    assert "fonts-noto-color-emoji" in (base / "scripts/system-deps").read_text()
    assert "fonts-noto-color-emoji" in (base / "README.md").read_text()


def _undescribed_images(caplog) -> list[str]:
    """WeasyPrint's PDF/UA complaints: an image a screen reader cannot announce."""
    return [
        record.getMessage()[-60:]
        for record in caplog.records
        if record.name == "weasyprint" and "alt description" in record.getMessage()
    ]


def test_rendering_pdf_certificate_qr_code_is_described(caplog):
    """A screen reader announces the certificate's QR code for what it opens."""
    certificate = _certificate()
    reader = _certificate_pdf(certificate)

    assert _undescribed_images(caplog) == []
    figures = _structure_alt_texts(reader)
    assert any(certificate.display_code in text for text in figures), figures


def test_rendering_pdf_login_cards_qr_code_is_described(client, caplog):
    """On a printed log-in card, the QR code is announced for what it opens."""
    trainer = TrainerFactory()
    learner = LearnerFactory()
    group = LearnerGroupFactory(trainer=trainer, learners=[learner])
    client.force_login(trainer)

    response = client.post(reverse("members:learner-card", args=[group.pk, learner.pk]))

    assert response.status_code == 200
    assert _undescribed_images(caplog) == []
    figures = _structure_alt_texts(PdfReader(io.BytesIO(response.content)))
    assert any("code secret" in text for text in figures), figures


def _structure_alt_texts(reader: PdfReader) -> list[str]:
    """The /Alt texts of the PDF's structure tree (what a screen reader reads)."""
    texts, pending = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while pending:
        node = pending.pop().get_object()
        if isinstance(node, dict) or hasattr(node, "get"):
            if "/Alt" in node:
                texts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                kids = kids.get_object()
                pending.extend(kids if isinstance(kids, list) else [kids])
        elif isinstance(node, list):
            pending.extend(node)
    return texts
