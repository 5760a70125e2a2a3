"""Skills in "Mes données": export of one's own skills and portfolio, consent log
of the sharing, erasure of portfolio, photo and skills."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from lms import privacy
from skills import services
from skills.models import MemberSkill, Portfolio, PortfolioShare
from tests.factories import LearnerFactory, LearnerGroupFactory, OrganisationFactory
from tests.skills.factories import attested, competence, shared_portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_privacy_skills_export_is_own_data_only():
    """I3: the export has the member's skills and portfolio, not another's."""
    member, other = LearnerFactory(), LearnerFactory()
    attested(member, "2.1", 3)
    attested(other, "4.2", 6)
    Portfolio.objects.create(user=member, headline="Cariste")
    data = privacy.member_export(member)["skills"]
    assert [s["competence"] for s in data["skills"]] == ["2.1"]
    assert data["portfolio"]["headline"] == "Cariste"


def test_privacy_skills_consent_log_shows_sharing_and_withdrawal():
    """The consent log says when the portfolio was shared with whom, and withdrawn."""
    member = LearnerFactory()
    organisation = OrganisationFactory(name="Forem (démo)")
    portfolio = shared_portfolio(member, organisation)
    services.portfolio_shares_set(portfolio=portfolio, user=member, organisations=[])
    log = privacy.member_consent_log(member)
    whats = [entry["what"] for entry in log if entry["who"] == "Forem (démo)"]
    assert whats == ["Partage du portfolio retiré", "Portfolio partagé"]


def test_privacy_skills_erase_deletes_portfolio_photo_and_skills(
    django_capture_on_commit_callbacks,
):
    """I4: portfolio, its shares, photo file and skills are gone; a skill the
    member attested for someone else stays without their name."""
    from skills.privacy import member_data_erase

    learner = LearnerFactory()
    group = LearnerGroupFactory(learners=[learner])
    kept = services.skill_attest(
        trainer=group.trainer,
        learner=learner,
        competence=competence("2.1"),
        level=2,
        note="",
    )
    member = group.trainer
    attested(member, "1.1", 2)
    name = default_storage.save("portfolios/x.png", ContentFile(b"png"))
    portfolio = shared_portfolio(member, OrganisationFactory(), photo=name)
    with django_capture_on_commit_callbacks(execute=True):
        member_data_erase(user=member)
    assert not Portfolio.objects.filter(pk=portfolio.pk).exists()
    assert not PortfolioShare.objects.exists()
    assert not MemberSkill.objects.filter(user=member).exists()
    assert not default_storage.exists(name)
    kept.refresh_from_db()
    assert kept.attested_by is None
