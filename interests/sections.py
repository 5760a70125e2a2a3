"""The "Je suis intéressé·e" section of a portfolio page, for partners only."""

from skills.sections import PortfolioSection


def interest_section(*, portfolio, request) -> PortfolioSection | None:
    """Partners of an organisation see the button on someone else's portfolio;
    everybody else sees nothing (no query)."""
    user = request.user
    if not (user.is_authenticated and user.is_partner and user.organisation_id):
        return None
    if user.pk == portfolio.user_id:
        return None
    return PortfolioSection("interests/_interest_button.html", {})
