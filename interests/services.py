"""Writes on interests: a partner signals interest, the member sees and decides."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.ratelimit import retry_after
from members.models import User
from members.selectors import member_language
from members.services import email_send
from skills import selectors as skills_selectors
from skills import services as skills_services
from skills.models import Portfolio

from .models import Interest
from .selectors import interest_recent

logger = logging.getLogger(__name__)


def _member_visible_to(*, partner: User, member: User, story) -> None:
    """Http404 unless the partner may see the member: through the member's
    published story, or through a portfolio the member shows them."""
    if story is not None:
        if story.author_id != member.pk or not story.is_published:
            raise Http404
        # I5: under 13 without a guardian's consent nobody else sees the member.
        if member.needs_guardian_consent:
            raise Http404
        return
    portfolio = Portfolio.objects.filter(user=member).only("slug").first()
    if portfolio is None:
        raise Http404
    skills_selectors.portfolio_visible(slug=portfolio.slug, viewer=partner)


@transaction.atomic
def interest_express(*, partner: User, member: User, story=None) -> Interest:
    """A partner's organisation signals interest in a member it may see, once per
    member in INTEREST_COOLDOWN (two quick presses make one row); the member is
    told by e-mail when they have an address, with the organisation's name only."""
    if not (partner.is_partner and partner.organisation_id):
        raise PermissionDenied
    if partner.pk == member.pk:
        raise Http404
    _member_visible_to(partner=partner, member=member, story=story)
    # Serialises presses for this member (PostgreSQL; SQLite transactions are
    # IMMEDIATE), so the check below sees any interest committed meanwhile.
    User.objects.select_for_update().filter(pk=member.pk).values("pk").first()
    recent = interest_recent(
        organisation_id=partner.organisation_id, member_id=member.pk
    )
    if recent is not None:
        raise ValidationError(
            _(
                "Votre organisation a déjà signalé son intérêt pour cette personne "
                "le %(date)s. Vous pourrez le refaire à partir du %(next)s."
            )
            % {
                "date": formats.date_format(
                    timezone.localtime(recent.created_at), "DATE_FORMAT"
                ),
                "next": formats.date_format(
                    timezone.localtime(recent.renewable_at), "DATE_FORMAT"
                ),
            },
            code="already_expressed",
        )
    _organisation_rate_check(partner.organisation_id)
    interest = Interest.objects.create(
        organisation_id=partner.organisation_id,
        partner=partner,
        member=member,
        story=story,
    )
    if member.email:
        _interest_email(interest=interest)
    logger.info("interest %s: organisation %s", interest.pk, interest.organisation_id)
    return interest


def _organisation_rate_check(organisation_id: int) -> None:
    """One organisation cannot flood members: past INTEREST_RATE_LIMIT new
    interests per window, it waits (counted in the shared cache)."""
    wait = retry_after(
        scope="interest",
        identity=str(organisation_id),
        rate=settings.INTEREST_RATE_LIMIT,
        setting="INTEREST_RATE_LIMIT",
    )
    if wait is not None:
        hours = max(1, round(wait / 3600))
        raise ValidationError(
            ngettext(
                "Votre organisation a déjà signalé beaucoup de personnes : "
                "réessayez dans %(hours)s heure.",
                "Votre organisation a déjà signalé beaucoup de personnes : "
                "réessayez dans %(hours)s heures.",
                hours,
            )
            % {"hours": hours},
            code="organisation_rate",
        )


def _interest_email(*, interest: Interest) -> None:
    """In the language the member reads. Only the organisation's name: never who
    pressed, nor their address."""
    with translation.override(member_language(interest.member)):
        context = {
            "member": interest.member,
            "organisation": interest.organisation.name,
            "page_url": settings.SITE_URL.rstrip("/") + reverse("interests:mine"),
        }
        subject = _("Une organisation s'intéresse à votre parcours")
        body = render_to_string("interests/email/interest_received.txt", context)
    email_send(subject=subject, body=body, to=[interest.member.email])


def interests_mark_seen(*, member: User) -> int:
    """The member opened "Qui s'intéresse à moi": every interest is now seen."""
    return Interest.objects.filter(member=member, seen_at__isnull=True).update(
        seen_at=timezone.now()
    )


@transaction.atomic
def interest_decide(*, member: User, interest: Interest, share: bool) -> Interest:
    """The member shares their portfolio with the interested organisation, or
    not (withdrawing a consent that stands); the organisation is told nothing
    either way. Http404 for anyone else's interest. Consents are dated by skills
    and show in the consent log."""
    if interest.member_id != member.pk:
        raise Http404
    interest = (
        Interest.objects.select_for_update()
        .select_related("organisation")
        .get(pk=interest.pk)
    )
    if share:
        _portfolio_share(member=member, organisation=interest.organisation)
        decision = Interest.Decision.SHARED
    else:
        _portfolio_unshare(member=member, organisation=interest.organisation)
        decision = Interest.Decision.DECLINED
    now = timezone.now()
    interest.decision = decision
    interest.decided_at = now
    interest.seen_at = interest.seen_at or now
    interest.save(update_fields=["decision", "decided_at", "seen_at"])
    return interest


def _portfolio_share(*, member: User, organisation) -> None:
    """Adds the organisation to the portfolio's audience. A private portfolio
    becomes shared with this organisation only: "private" meant nobody, so
    consents it held in abeyance are withdrawn (dated) rather than revived."""
    portfolio = skills_services.portfolio_get_or_create(user=member)
    if portfolio.visibility == Portfolio.Visibility.PRIVATE:
        visibility, organisations = Portfolio.Visibility.SHARED, [organisation]
    else:
        visibility = portfolio.visibility
        shares = skills_selectors.portfolio_active_shares(portfolio=portfolio)
        organisations = [share.organisation for share in shares]
        if organisation.pk not in {o.pk for o in organisations}:
            organisations.append(organisation)
    # One service decides visibility and shares together (and logs the change).
    skills_services.portfolio_audience_set(
        member=member, visibility=visibility, organisations=organisations
    )


def _portfolio_unshare(*, member: User, organisation) -> None:
    """Withdraws the consent given to this organisation, if one stands."""
    portfolio = Portfolio.objects.filter(user=member).first()
    if portfolio is None:
        return
    shares = skills_selectors.portfolio_active_shares(portfolio=portfolio)
    kept = [share.organisation for share in shares]
    if organisation.pk in {o.pk for o in kept}:
        skills_services.portfolio_shares_set(
            portfolio=portfolio,
            user=member,
            organisations=[o for o in kept if o.pk != organisation.pk],
        )
