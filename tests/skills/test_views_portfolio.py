"""The portfolio page: who sees it (I1, I2), what it shows, PDF, JSON, editing."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from skills.models import MemberSkill, Portfolio, PortfolioShare
from tests.factories import LearnerFactory, OrganisationFactory, PartnerFactory
from tests.skills.factories import (
    attested,
    competence,
    issued_certificate,
    shared_portfolio,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SITE_URL = "https://sirius.example"


def url(portfolio) -> str:
    return reverse("skills:portfolio-detail", args=[portfolio.slug])


def test_views_portfolio_slug_is_not_the_username():
    """The address is random: it does not give the member's username away."""
    member = LearnerFactory(username="lea.dubois")
    portfolio = Portfolio.objects.create(user=member)
    assert "lea" not in portfolio.slug and len(portfolio.slug) >= 10


def test_views_portfolio_private_is_404_for_visitor_and_other_partner(client):
    """I1: a new (private) portfolio is a 404 for a visitor and for any partner."""
    portfolio = Portfolio.objects.create(user=LearnerFactory())
    assert client.get(url(portfolio)).status_code == 404
    client.force_login(PartnerFactory())
    assert client.get(url(portfolio)).status_code == 404
    assert client.get(url(portfolio) + "/passeport.pdf").status_code == 404


def test_views_portfolio_private_is_seen_by_its_member(client):
    """The member always sees their own page, with a link to edit it."""
    portfolio = Portfolio.objects.create(user=LearnerFactory())
    client.force_login(portfolio.user)
    response = client.get(url(portfolio))
    assert response.status_code == 200
    assert reverse("skills:portfolio-edit") in response.content.decode()


def test_views_portfolio_shared_seen_by_that_partner_only(client):
    """Shared: the chosen organisation's partner sees it; another partner gets 404."""
    organisation = OrganisationFactory()
    portfolio = shared_portfolio(LearnerFactory(), organisation)
    client.force_login(PartnerFactory(organisation=organisation))
    assert client.get(url(portfolio)).status_code == 200
    client.force_login(PartnerFactory())
    assert client.get(url(portfolio)).status_code == 404
    client.logout()
    assert client.get(url(portfolio)).status_code == 404


def test_views_portfolio_withdrawn_share_is_404_at_once(client):
    """I2: once the member withdraws consent, the next request is a 404."""
    organisation = OrganisationFactory()
    portfolio = shared_portfolio(LearnerFactory(), organisation)
    client.force_login(PartnerFactory(organisation=organisation))
    assert client.get(url(portfolio)).status_code == 200
    from skills.services import portfolio_shares_set

    portfolio_shares_set(portfolio=portfolio, user=portfolio.user, organisations=[])
    assert client.get(url(portfolio)).status_code == 404
    share = PortfolioShare.objects.get()
    assert share.shared_at < share.withdrawn_at


def test_views_portfolio_made_private_is_404_at_once(client):
    """I2: public then private: the visitor's next request is a 404."""
    portfolio = Portfolio.objects.create(user=LearnerFactory(), visibility="public")
    assert client.get(url(portfolio)).status_code == 200
    Portfolio.objects.filter(pk=portfolio.pk).update(visibility="private")
    assert client.get(url(portfolio)).status_code == 404


def test_views_portfolio_public_noindex_unless_search_engines(client):
    """A public page says noindex, until the member opts in to search engines."""
    portfolio = Portfolio.objects.create(user=LearnerFactory(), visibility="public")
    response = client.get(url(portfolio))
    assert 'name="robots" content="noindex' in response.content.decode()
    assert response["X-Robots-Tag"].startswith("noindex")
    Portfolio.objects.filter(pk=portfolio.pk).update(search_engines=True)
    response = client.get(url(portfolio))
    assert "noindex" not in response.content.decode()
    assert "X-Robots-Tag" not in response


def test_views_portfolio_shows_chart_certificate_attestation_qr(
    client, django_capture_on_commit_callbacks
):
    """The chart and its table, the certificate's verification link, the attested
    skill marked as such, the completed course and the QR code."""
    certificate = issued_certificate(capture=django_capture_on_commit_callbacks)
    attested(certificate.user, "2.1", 3)
    portfolio = Portfolio.objects.create(
        user=certificate.user, visibility="public", headline="Aide-soignante"
    )
    page = client.get(url(portfolio)).content.decode()
    assert "<svg" in page and 'data-area="1" data-level="3"' in page
    assert "Les mêmes chiffres dans un tableau" in page
    assert certificate.get_absolute_url() in page
    assert "attesté par un formateur" in page
    assert certificate.course_title in page
    assert "data:image/svg+xml" in page
    assert "Aide-soignante" in page


def test_views_portfolio_has_a_print_stylesheet():
    """Printing hides the menus and buttons: the site's CSS has an @media print."""
    css = (Path(settings.BASE_DIR) / "static/css/sirius.css").read_text()
    assert "@media print" in css and ".no-print" in css


def test_views_portfolio_fields_are_escaped(client):
    """What the member writes is text, never markup."""
    portfolio = Portfolio.objects.create(
        user=LearnerFactory(), visibility="public", about="<script>alert(1)</script>"
    )
    page = client.get(url(portfolio)).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize("count", [2, 40])
def test_views_portfolio_constant_queries(client, django_assert_max_num_queries, count):
    """The page costs the same number of queries with 2 and with 40 skills."""
    member = LearnerFactory()
    codes = ["1.1", "2.1", "3.1", "4.2", "5.1"]
    MemberSkill.objects.bulk_create(
        MemberSkill(
            user=member,
            competence=competence(codes[i % 5]),
            level=1 + i % 8,
            source="attested",
        )
        for i in range(count)
    )
    portfolio = Portfolio.objects.create(user=member, visibility="public")
    with django_assert_max_num_queries(8):
        assert client.get(url(portfolio)).status_code == 200


def test_views_portfolio_pdf_passport(client, django_capture_on_commit_callbacks):
    """The passport is a PDF, for whoever may see the page."""
    certificate = issued_certificate(capture=django_capture_on_commit_callbacks)
    portfolio = Portfolio.objects.create(user=certificate.user, visibility="public")
    response = client.get(reverse("skills:portfolio-pdf", args=[portfolio.slug]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_views_portfolio_export_has_only_own_data(client):
    """I3: the JSON export holds the member's skills and shares, nobody else's."""
    member, other = LearnerFactory(first_name="Léa"), LearnerFactory(first_name="Zoé")
    attested(member, "2.1", 3)
    attested(other, "4.2", 6)
    client.force_login(member)
    response = client.get(reverse("skills:portfolio-export"))
    data = json.loads(response.content)
    assert [s["competence"] for s in data["skills"]] == ["2.1"]
    assert "Zoé" not in response.content.decode()


def test_views_portfolio_export_needs_login(client):
    response = client.get(reverse("skills:portfolio-export"))
    assert response.status_code == 302


def test_views_portfolio_edit_sets_visibility_and_shares(client):
    """The member makes the page shared with one organisation: the consent is dated."""
    member = LearnerFactory()
    organisation = OrganisationFactory(name="Forem (démo)")
    client.force_login(member)
    assert client.get(reverse("skills:portfolio-edit")).status_code == 200
    response = client.post(
        reverse("skills:portfolio-edit"),
        {
            "visibility": "shared",
            "organisations": [organisation.pk],
            "headline": "Cherche un emploi",
        },
    )
    assert response.status_code == 302
    portfolio = Portfolio.objects.get(user=member)
    assert portfolio.visibility == "shared"
    assert portfolio.headline == "Cherche un emploi"
    share = PortfolioShare.objects.get(portfolio=portfolio)
    assert share.organisation == organisation and share.shared_at


def test_views_portfolio_edit_about_over_1000_refused(client):
    member = LearnerFactory()
    client.force_login(member)
    response = client.post(
        reverse("skills:portfolio-edit"), {"visibility": "public", "about": "x" * 1001}
    )
    assert response.status_code == 200
    assert Portfolio.objects.get(user=member).visibility == "private"


def test_views_portfolio_edit_cannot_set_levels(client):
    """Posting a level does nothing: levels come from evidence only."""
    member = LearnerFactory()
    attested(member, "2.1", 2)
    client.force_login(member)
    client.post(reverse("skills:portfolio-edit"), {"visibility": "public", "level": 8})
    assert MemberSkill.objects.get().level == 2


def test_views_attest_by_the_group_trainer(client):
    """The trainer of the learner's group attests 2.1 at level 3 with a note."""
    from tests.factories import LearnerGroupFactory

    learner = LearnerFactory()
    group = LearnerGroupFactory(learners=[learner])
    client.force_login(group.trainer)
    path = reverse("skills:skill-attest", args=[learner.pk])
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"competence": competence("2.1").pk, "level": 3, "note": "Seule"}
    )
    assert response.status_code == 302
    skill = MemberSkill.objects.get(user=learner)
    assert (skill.source, skill.level, skill.note) == ("attested", 3, "Seule")


def test_views_attest_by_another_trainer_is_404(client):
    """A2: a trainer who does not lead the learner's group gets a 404."""
    from tests.factories import LearnerGroupFactory, TrainerFactory

    learner = LearnerFactory()
    LearnerGroupFactory(learners=[learner])
    client.force_login(TrainerFactory())
    path = reverse("skills:skill-attest", args=[learner.pk])
    assert client.get(path).status_code == 404
    response = client.post(path, {"competence": competence("2.1").pk, "level": 3})
    assert response.status_code == 404
    assert not MemberSkill.objects.exists()


def test_views_attest_by_a_learner_is_403(client):
    from tests.factories import LearnerGroupFactory

    learner = LearnerFactory()
    LearnerGroupFactory(learners=[learner])
    client.force_login(LearnerFactory())
    path = reverse("skills:skill-attest", args=[learner.pk])
    assert client.get(path).status_code == 403


def test_views_portfolio_same_queries_for_2_and_40_skills(client):
    """Exactly the same number of queries, whatever the number of skills."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for count in (2, 40):
        member = LearnerFactory()
        MemberSkill.objects.bulk_create(
            MemberSkill(
                user=member,
                competence=competence(("1.1", "2.1", "4.2")[i % 3]),
                level=1 + i % 8,
                source="attested",
            )
            for i in range(count)
        )
        portfolio = Portfolio.objects.create(user=member, visibility="public")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(portfolio)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_views_portfolio_photo_checked_and_stored_under_a_random_name(client):
    """A real PNG is stored under portfolios/ with a random name; a fake is refused."""
    member = LearnerFactory()
    client.force_login(member)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    photo = SimpleUploadedFile("lea-dubois.png", buffer.getvalue(), "image/png")
    client.post(
        reverse("skills:portfolio-edit"),
        {"visibility": "private", "photo_upload": photo},
    )
    name = Portfolio.objects.get(user=member).photo
    assert name.startswith("portfolios/") and "lea" not in name
    fake = SimpleUploadedFile("x.png", b"<script>", "image/png")
    response = client.post(
        reverse("skills:portfolio-edit"),
        {"visibility": "private", "photo_upload": fake},
    )
    assert response.status_code == 200
    assert Portfolio.objects.get(user=member).photo == name


def test_views_portfolio_photo_follows_the_page_visibility(client, settings):
    """The photo is seen where the page is, and nowhere once it is private."""
    settings.SERVE_MEDIA = True
    member = LearnerFactory()
    client.force_login(member)
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "navy").save(buffer, format="PNG")
    photo = SimpleUploadedFile("moi.png", buffer.getvalue(), "image/png")
    client.post(
        reverse("skills:portfolio-edit"),
        {"visibility": "public", "photo_upload": photo},
    )
    portfolio = Portfolio.objects.get(user=member)
    photo_url = reverse("skills:portfolio-photo", args=[portfolio.slug])
    client.logout()
    assert photo_url in client.get(url(portfolio)).content.decode()
    assert client.get(photo_url).status_code == 200
    assert client.get(f"/media/{portfolio.photo}").status_code == 404

    Portfolio.objects.filter(pk=portfolio.pk).update(visibility="private")

    assert client.get(photo_url).status_code == 404
