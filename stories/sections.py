"""The author's published stories, as a section of their portfolio page."""

from django.http import HttpRequest

from skills.models import Portfolio
from skills.sections import PortfolioSection

from .selectors import stories_for_portfolio


def portfolio_stories_section(
    *, portfolio: Portfolio, request: HttpRequest
) -> PortfolioSection | None:
    """Shown only to viewers the portfolio already admits, and only when there is
    at least one published story."""
    stories = list(stories_for_portfolio(user=portfolio.user))
    if not stories:
        return None
    return PortfolioSection(
        template_name="stories/_portfolio_section.html",
        context={"stories": stories},
    )
