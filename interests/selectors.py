"""Reads on interests: what a member received, what an organisation signalled."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from members.models import User
from skills.models import Portfolio, PortfolioShare

from .models import INTEREST_COOLDOWN, Interest


def interest_recent(*, organisation_id: int, member_id: int) -> Interest | None:
    """The organisation's interest in the member inside the cool-down, if any."""
    return (
        Interest.objects.filter(
            organisation_id=organisation_id,
            member_id=member_id,
            created_at__gt=timezone.now() - INTEREST_COOLDOWN,
        )
        .order_by("-created_at")
        .first()
    )


def interests_received(*, member: User) -> QuerySet[Interest]:
    """What the member received, newest first, with each organisation's name and
    whether the member's portfolio is shared with it right now (1 query)."""
    shared_now = PortfolioShare.objects.filter(
        portfolio__user=member,
        organisation=OuterRef("organisation"),
        withdrawn_at__isnull=True,
    ).exclude(portfolio__visibility=Portfolio.Visibility.PRIVATE)
    return (
        Interest.objects.filter(member=member)
        .select_related("organisation", "story")
        .annotate(shared_now=Exists(shared_now))
        .order_by("-created_at", "-pk")
    )


def interest_counts(*, member: User) -> dict[str, int]:
    """How many interests the member received, and how many are unseen (1 query)."""
    return Interest.objects.filter(member=member).aggregate(
        total=Count("pk"), unseen=Count("pk", filter=Q(seen_at__isnull=True))
    )


def interests_of_organisation(*, organisation_id: int) -> QuerySet[Interest]:
    """What the organisation signalled, newest first, with whether each member's
    portfolio is visible to it now (1 query). Pending and declined look the same
    from here: only sharing is ever visible to the organisation."""
    # I5: a member under 13 without a guardian's consent is shown to nobody.
    portfolios = Portfolio.objects.filter(user=OuterRef("member")).exclude(
        user__under_13=True, user__guardian_consent_at__isnull=True
    )
    public = portfolios.filter(visibility=Portfolio.Visibility.PUBLIC)
    shared = portfolios.filter(
        visibility=Portfolio.Visibility.SHARED,
        shares__organisation_id=organisation_id,
        shares__withdrawn_at__isnull=True,
    )
    return (
        Interest.objects.filter(organisation_id=organisation_id)
        .select_related("member", "partner", "story")
        .annotate(
            shared_now=Exists(shared),
            public_now=Exists(public),
            portfolio_slug=portfolios.values("slug")[:1],
        )
        .order_by("-created_at", "-pk")
    )
