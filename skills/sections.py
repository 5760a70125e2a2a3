"""Sections that higher apps add to a portfolio page, so skills never imports them.

An app above skills (stories, interests) registers a provider in its
`AppConfig.ready()`; the portfolio page asks every provider for its section.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest

from skills.models import Portfolio


@dataclass(frozen=True)
class PortfolioSection:
    """A template and its context, rendered in the order providers registered."""

    template_name: str
    context: dict = field(default_factory=dict)


# provider(*, portfolio, request) -> PortfolioSection | None
SectionProvider = Callable[..., PortfolioSection | None]

_providers: list[SectionProvider] = []


def section_provider_register(provider: SectionProvider) -> None:
    """Adds a provider once, however often `ready()` runs."""
    if provider not in _providers:
        _providers.append(provider)


def portfolio_sections(
    *, portfolio: Portfolio, request: HttpRequest
) -> list[PortfolioSection]:
    """The extra sections for this viewer; a provider returns None to show nothing."""
    sections = (
        provider(portfolio=portfolio, request=request) for provider in _providers
    )
    return [section for section in sections if section is not None]
