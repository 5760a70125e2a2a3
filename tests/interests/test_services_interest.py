"""Partners signal interest in a member they may see, once a week per
organisation; the member is told, and decides whether to share."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection
from django.http import Http404
from django.utils import timezone

from interests import services
from interests.models import Interest
from skills import services as skills_services
from skills.models import Portfolio, PortfolioShare
from tests.factories import (
    LearnerFactory,
    OrganisationFactory,
    PartnerFactory,
    StaffFactory,
    TrainerFactory,
)
from tests.interests.factories import (
    InterestFactory,
    forem_partner,
    portfolio,
)
from tests.stories.factories import PublishedStoryFactory

pytestmark = pytest.mark.django_db


def express(capture, **kwargs) -> Interest:
    with capture(execute=True):
        return services.interest_express(**kwargs)


def test_services_interest_express_tells_the_member_by_email(
    paula, lea, lea_portfolio, django_capture_on_commit_callbacks
):
    """Léa receives one e-mail naming the organisation and her interests page,
    and nothing that would let her be contacted or the partner be identified."""
    interest = express(django_capture_on_commit_callbacks, partner=paula, member=lea)

    assert interest.organisation == paula.organisation
    assert interest.is_pending and interest.seen_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea@example.org"]
    assert "Forem (test)" in message.body
    assert "/me/interets/" in message.body
    for detail in [
        "paula.janssens@forem.example",
        "emploi@forem.example",
        "+32 4 123 45 67",
        "Janssens",
    ]:
        assert detail not in message.body
        assert detail not in message.subject


def test_services_interest_express_without_email_sends_nothing(
    paula, django_capture_on_commit_callbacks
):
    """A member without an e-mail address gets the interest on the platform only."""
    member = LearnerFactory(email="")
    portfolio(member, "public")
    express(django_capture_on_commit_callbacks, partner=paula, member=member)
    assert Interest.objects.filter(member=member).count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    "asker", [LearnerFactory, TrainerFactory, StaffFactory], ids=lambda f: f.__name__
)
def test_services_interest_express_only_partners(asker, lea, lea_portfolio):
    """Learners, trainers and staff (no organisation) cannot press the button."""
    with pytest.raises(PermissionDenied):
        services.interest_express(partner=asker(), member=lea)
    assert not Interest.objects.exists()


@pytest.mark.parametrize(
    ("visibility", "shared_with_forem", "visible"),
    [
        ("private", True, False),
        ("shared", False, False),
        ("shared", True, True),
        ("public", False, True),
    ],
)
def test_services_interest_express_only_for_a_portfolio_they_may_see(
    paula, lea, visibility, shared_with_forem, visible
):
    """A private portfolio, or one shared with another organisation only, is a 404."""
    shared_with = [OrganisationFactory()]
    if shared_with_forem:
        shared_with.append(paula.organisation)
    portfolio(lea, visibility, shared_with=shared_with)
    if visible:
        services.interest_express(partner=paula, member=lea)
        assert Interest.objects.filter(member=lea).count() == 1
    else:
        with pytest.raises(Http404):
            services.interest_express(partner=paula, member=lea)
        assert not Interest.objects.exists()


def test_services_interest_express_member_without_portfolio_is_404(paula, lea):
    with pytest.raises(Http404):
        services.interest_express(partner=paula, member=lea)


def test_services_interest_express_after_sharing_withdrawn_is_404(
    paula, lea, lea_portfolio
):
    """Withdrawing the consent takes effect at once."""
    skills_services.portfolio_shares_set(
        portfolio=lea_portfolio, user=lea, organisations=[]
    )
    with pytest.raises(Http404):
        services.interest_express(partner=paula, member=lea)


def test_services_interest_express_on_a_published_story(paula, lea):
    """A published story is enough, even with a private portfolio."""
    portfolio(lea, "private")
    story = PublishedStoryFactory(author=lea)
    interest = services.interest_express(partner=paula, member=lea, story=story)
    assert interest.story == story


@pytest.mark.parametrize("status", ["draft", "in_review", "unpublished"])
def test_services_interest_express_on_an_unpublished_story_is_404(paula, lea, status):
    story = PublishedStoryFactory(author=lea, status=status)
    with pytest.raises(Http404):
        services.interest_express(partner=paula, member=lea, story=story)


def test_services_interest_express_child_without_guardian_consent_is_404(paula):
    """I5: under 13 without a guardian's consent, not even a story opens the way."""
    child = LearnerFactory(under_13=True, guardian_consent_at=None)
    story = PublishedStoryFactory(author=child)
    with pytest.raises(Http404):
        services.interest_express(partner=paula, member=child, story=story)
    assert not Interest.objects.exists()


def test_services_interest_express_story_of_someone_else_is_404(paula, lea):
    """The story must be the member's own: no interest lands on another person."""
    story = PublishedStoryFactory()
    with pytest.raises(Http404):
        services.interest_express(partner=paula, member=lea, story=story)


def test_services_interest_express_once_a_week_per_organisation(
    paula, lea, lea_portfolio, django_capture_on_commit_callbacks
):
    """A second press, by paula or a colleague, says when; no row, no e-mail.
    Another organisation may; after seven days paula's may again."""
    first = express(django_capture_on_commit_callbacks, partner=paula, member=lea)
    colleague = PartnerFactory(organisation=paula.organisation)
    for partner in [paula, colleague]:
        with pytest.raises(ValidationError) as refused:
            express(django_capture_on_commit_callbacks, partner=partner, member=lea)
        assert refused.value.code == "already_expressed"
        assert "déjà signalé son intérêt" in refused.value.messages[0]
        assert "à partir du" in refused.value.messages[0]
    assert Interest.objects.count() == 1
    assert len(mail.outbox) == 1

    other = PartnerFactory()
    lea_portfolio.visibility = Portfolio.Visibility.PUBLIC
    lea_portfolio.save()
    express(django_capture_on_commit_callbacks, partner=other, member=lea)

    Interest.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    express(django_capture_on_commit_callbacks, partner=paula, member=lea)
    assert Interest.objects.filter(organisation=paula.organisation).count() == 2


def test_services_interest_express_organisation_cannot_flood_members(
    paula, settings, django_capture_on_commit_callbacks
):
    """Past INTEREST_RATE_LIMIT new members, the organisation waits: nothing
    stored, nobody e-mailed; another organisation is not held back."""
    settings.INTEREST_RATE_LIMIT = "2/d"
    members = [LearnerFactory(email=f"m{n}@example.org") for n in range(3)]
    for member in members:
        portfolio(member, "public")
    for member in members[:2]:
        express(django_capture_on_commit_callbacks, partner=paula, member=member)

    with pytest.raises(ValidationError) as refused:
        express(django_capture_on_commit_callbacks, partner=paula, member=members[2])

    assert refused.value.code == "organisation_rate"
    assert "réessayez dans" in refused.value.messages[0]
    assert Interest.objects.count() == 2 and len(mail.outbox) == 2
    express(
        django_capture_on_commit_callbacks, partner=PartnerFactory(), member=members[2]
    )
    assert Interest.objects.count() == 3


def test_services_interest_express_never_for_oneself(paula):
    portfolio(paula, "public")
    with pytest.raises(Http404):
        services.interest_express(partner=paula, member=paula)


@pytest.mark.django_db(transaction=True)
def test_services_interest_express_concurrent_presses_make_one_row():
    """Two presses at the same moment (a double tap): one row, one refusal."""
    paula = forem_partner()
    lea = LearnerFactory(email="")
    portfolio(lea, "public")
    barrier = threading.Barrier(2)
    outcomes = []

    def press():
        try:
            barrier.wait(timeout=5)
            for _attempt in range(50):
                try:
                    services.interest_express(partner=paula, member=lea)
                    outcomes.append("created")
                    break
                except OperationalError as error:
                    # SQLite's in-memory test database fails a busy table at once
                    # instead of waiting as the file database does: try again.
                    if connection.vendor != "sqlite" or "locked" not in str(error):
                        raise
                    time.sleep(0.02)
        except ValidationError as error:
            outcomes.append(error.code)
        except Exception as error:  # noqa: BLE001 - reported below
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(map(str, outcomes)) == ["already_expressed", "created"]
    assert Interest.objects.count() == 1


def test_services_interests_mark_seen_only_the_members_own(lea):
    mine = InterestFactory(member=lea)
    other = InterestFactory()
    assert services.interests_mark_seen(member=lea) == 1
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.seen_at is not None
    assert other.seen_at is None


def test_services_interest_decide_share_adds_the_organisation(lea, paula):
    """Sharing keeps the organisations already chosen and adds this one, dated."""
    actiris = OrganisationFactory(name="Actiris (test)")
    shared = portfolio(lea, "shared", shared_with=[actiris])
    interest = InterestFactory(member=lea, partner=paula)

    decided = services.interest_decide(member=lea, interest=interest, share=True)

    assert decided.decision == Interest.Decision.SHARED
    assert decided.decided_at is not None and decided.seen_at is not None
    active = PortfolioShare.objects.filter(portfolio=shared, withdrawn_at=None)
    assert set(active.values_list("organisation__name", flat=True)) == {
        "Actiris (test)",
        "Forem (test)",
    }


def test_services_interest_decide_share_private_portfolio_shows_it_to_them_only(
    lea, paula
):
    """A private portfolio becomes shared with this organisation only: an old,
    dormant consent is withdrawn (dated), never silently revived."""
    actiris = OrganisationFactory(name="Actiris (test)")
    private = portfolio(lea, "private", shared_with=[actiris])
    interest = InterestFactory(member=lea, partner=paula)

    services.interest_decide(member=lea, interest=interest, share=True)

    private.refresh_from_db()
    assert private.visibility == Portfolio.Visibility.SHARED
    active = PortfolioShare.objects.filter(portfolio=private, withdrawn_at=None)
    assert list(active.values_list("organisation__name", flat=True)) == ["Forem (test)"]
    assert PortfolioShare.objects.get(organisation=actiris).withdrawn_at is not None


def test_services_interest_decide_share_without_portfolio_creates_it(paula):
    """A member met through a story may have no portfolio yet."""
    member = LearnerFactory()
    interest = InterestFactory(member=member, partner=paula)
    services.interest_decide(member=member, interest=interest, share=True)
    created = Portfolio.objects.get(user=member)
    assert created.visibility == Portfolio.Visibility.SHARED
    assert created.shares.get().organisation == paula.organisation


def test_services_interest_decide_decline_shares_nothing(lea, paula):
    interest = InterestFactory(member=lea, partner=paula)
    decided = services.interest_decide(member=lea, interest=interest, share=False)
    assert decided.decision == Interest.Decision.DECLINED
    assert not PortfolioShare.objects.exists()
    assert not Portfolio.objects.filter(user=lea).exists()


def test_services_interest_decide_decline_withdraws_a_standing_consent(
    lea, paula, lea_portfolio
):
    """ "Ne plus partager" on an organisation that already sees the portfolio."""
    interest = InterestFactory(member=lea, partner=paula)
    services.interest_decide(member=lea, interest=interest, share=False)
    assert lea_portfolio.shares.get().withdrawn_at is not None


def test_services_interest_decide_someone_elses_interest_is_404(lea, paula):
    interest = InterestFactory(partner=paula)
    with pytest.raises(Http404):
        services.interest_decide(member=lea, interest=interest, share=True)
    interest.refresh_from_db()
    assert interest.is_pending
    assert not PortfolioShare.objects.exists()
