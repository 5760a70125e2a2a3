"""Skills built for tests: certified through the real certificate services."""

from certificates import services as certificate_services
from certificates.models import Certificate
from skills.models import Competence, MemberSkill, Portfolio, PortfolioShare
from tests.certificates.factories import completed_enrollment


def issued_certificate(*, user=None, capture) -> Certificate:
    """A completed course (competence 1.1 level 3) whose certificate is issued."""
    enrollment = completed_enrollment(user=user)
    with capture(execute=True):
        certificate = certificate_services.certificate_issue(enrollment=enrollment)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    return certificate


def competence(code: str) -> Competence:
    return Competence.objects.in_framework().get(code=code)


def attested(user, code: str, level: int, *, by=None) -> MemberSkill:
    return MemberSkill.objects.create(
        user=user,
        competence=competence(code),
        level=level,
        source=MemberSkill.Source.ATTESTED,
        attested_by=by,
        note="Vu en atelier",
    )


def shared_portfolio(user, organisation, **fields) -> Portfolio:
    portfolio = Portfolio.objects.create(
        user=user, visibility=Portfolio.Visibility.SHARED, **fields
    )
    PortfolioShare.objects.create(portfolio=portfolio, organisation=organisation)
    return portfolio
