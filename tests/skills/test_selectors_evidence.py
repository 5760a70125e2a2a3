"""Each level keeps its source: a certificate's level is never a trainer's."""

import pytest
from django.urls import reverse

from skills import selectors
from skills.models import Portfolio
from tests.factories import LearnerFactory, OrganisationFactory, PartnerFactory
from tests.skills.factories import attested, issued_certificate, shared_portfolio

pytestmark = pytest.mark.django_db


def _certified_3_attested_5(capture):
    """A certificate proves 1.1 level 3; a trainer attests 1.1 level 5."""
    certificate = issued_certificate(capture=capture)
    attested(certificate.user, "1.1", 5)
    return certificate.user


def test_selectors_evidence_levels_kept_apart(django_capture_on_commit_callbacks):
    member = _certified_3_attested_5(django_capture_on_commit_callbacks)
    (summary,) = selectors.member_skill_summaries(user=member)
    assert summary.certified_level == 3
    assert summary.attested_level == 5


def test_selectors_evidence_attested_only_has_no_certified_level(db):

    member = LearnerFactory()
    attested(member, "2.1", 4)
    (summary,) = selectors.member_skill_summaries(user=member)
    assert (summary.certified_level, summary.attested_level) == (0, 4)


def test_views_portfolio_certified_section_shows_the_certificate_level(
    client, django_capture_on_commit_callbacks
):
    """Under "Compétences certifiées" the page says level 3 from the certificate,
    and level 5 only with "attesté par un formateur"."""
    member = _certified_3_attested_5(django_capture_on_commit_callbacks)
    portfolio = Portfolio.objects.create(user=member, visibility="public")
    page = client.get(reverse("skills:portfolio-detail", args=[portfolio.slug]))
    html = page.content.decode()
    certified = html.split('id="certified-title"')[1].split("</section>")[0]
    assert "niveau 3, certifié par un certificat" in certified
    assert "niveau 5, certifié" not in certified
    assert "niveau 5, attesté par un formateur" in certified


def test_views_partner_members_levels_say_their_source(
    client, django_capture_on_commit_callbacks
):
    forem = OrganisationFactory()
    member = _certified_3_attested_5(django_capture_on_commit_callbacks)
    shared_portfolio(member, forem)
    client.force_login(PartnerFactory(organisation=forem))
    html = client.get(reverse("skills:partner-members")).content.decode()
    assert "niveau 3 certifié par un certificat" in html
    assert "niveau 5 attesté par un formateur" in html
