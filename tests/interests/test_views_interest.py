"""The button on portfolio and story pages, the member's "Qui s'intéresse à moi"
with its decisions, and the partners' list."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from interests.models import Interest
from lms import privacy
from skills.models import PortfolioShare
from tests.factories import LearnerFactory, OrganisationFactory, TrainerFactory
from tests.interests.factories import InterestFactory, portfolio
from tests.stories.factories import PublishedStoryFactory

pytestmark = pytest.mark.django_db

BUTTON = "Je suis intéressé·e"


def page_of(portfolio_) -> str:
    return reverse("skills:portfolio-detail", args=[portfolio_.slug])


def express_url(portfolio_) -> str:
    return reverse("interests:express-portfolio", args=[portfolio_.slug])


def text(response) -> str:
    page = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(page.split())


def listing(partner) -> str:
    """The partners' table (the page's CSRF tokens differ on every load)."""
    page = partner.get(reverse("interests:partner-list")).content.decode()
    return re.search(r"<table.*</table>", page, re.S).group(0)


def test_views_button_shown_to_partners_only(client, paula, lea, lea_portfolio):
    """paula sees the form; Léa herself, trainers, learners and visitors do not."""
    client.force_login(paula)
    page = client.get(page_of(lea_portfolio)).content.decode()
    assert BUTTON in page
    assert f'action="{express_url(lea_portfolio)}"' in page

    lea_portfolio.visibility = "public"
    lea_portfolio.save()
    for viewer in [lea, TrainerFactory(), LearnerFactory(), None]:
        other = Client()
        if viewer is not None:
            other.force_login(viewer)
        assert BUTTON not in other.get(page_of(lea_portfolio)).content.decode()


def test_views_press_then_the_page_says_when(client, paula, lea, lea_portfolio):
    """After the press: a confirmation, the date instead of the button, one row."""
    client.force_login(paula)
    response = client.post(express_url(lea_portfolio), follow=True)
    assert response.redirect_chain[-1][0] == page_of(lea_portfolio)
    page = text(response)
    assert "La personne est prévenue" in page
    assert "Intérêt signalé le" in page
    assert BUTTON not in page
    assert Interest.objects.filter(member=lea).count() == 1


def test_views_second_press_explains_and_adds_nothing(
    client, paula, lea, lea_portfolio
):
    client.force_login(paula)
    client.post(express_url(lea_portfolio))
    response = client.post(express_url(lea_portfolio), follow=True)
    assert "Votre organisation a déjà signalé son intérêt" in text(response)
    assert Interest.objects.count() == 1


def test_views_press_on_a_private_portfolio_is_404(client, paula, lea):
    private = portfolio(lea, "private", shared_with=[paula.organisation])
    client.force_login(paula)
    assert client.post(express_url(private)).status_code == 404
    assert client.post("/m/nexistepas/interet/").status_code == 404
    assert not Interest.objects.exists()


def test_views_press_needs_a_partner_and_a_post(client, paula, lea, lea_portfolio):
    """Visitors go to log in, learners get 403, a GET changes nothing (405)."""
    url = express_url(lea_portfolio)
    assert client.post(url).url.startswith(reverse("account_login"))
    client.force_login(LearnerFactory())
    assert client.post(url).status_code == 403
    client.force_login(paula)
    assert client.get(url).status_code == 405
    assert not Interest.objects.exists()


def test_views_press_without_csrf_token_is_refused(paula, lea, lea_portfolio):
    """A cross-site form cannot press the button on paula's behalf (A5)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(paula)
    assert client.post(express_url(lea_portfolio)).status_code == 403
    assert not Interest.objects.exists()


def test_views_story_page_button_for_partners(client, paula, lea):
    """On a published story, even with a private portfolio, paula may press."""
    portfolio(lea, "private")
    story = PublishedStoryFactory(author=lea)
    client.force_login(paula)
    assert BUTTON in client.get(story.get_absolute_url()).content.decode()
    url = reverse("interests:express-story", args=[story.slug])
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == story.get_absolute_url()
    assert "Intérêt signalé le" in text(response)
    assert Interest.objects.get().story == story


def test_views_story_unpublished_is_404(client, paula, lea):
    story = PublishedStoryFactory(author=lea, status="unpublished")
    client.force_login(paula)
    url = reverse("interests:express-story", args=[story.slug])
    assert client.post(url).status_code == 404
    assert not Interest.objects.exists()


def test_views_member_home_notice_until_seen(client, lea):
    """Léa's home says how many organisations are interested; opening the page
    marks them seen, and the home then offers the page without the count."""
    InterestFactory(member=lea)
    client.force_login(lea)
    home = text(client.get("/"))
    assert "1 organisation s'intéresse à votre parcours" in home

    page = client.get(reverse("interests:mine"))
    assert "Nouveau" in text(page)
    assert not Interest.objects.filter(member=lea, seen_at=None).exists()
    home = text(client.get("/"))
    assert "s'intéresse à votre parcours" not in home
    assert "Qui s'intéresse à moi" in home


def test_views_member_home_nothing_without_interest(client, lea):
    client.force_login(lea)
    assert "Qui s'intéresse à moi" not in text(client.get("/"))


def test_views_member_page_shows_organisation_never_the_partner(client, paula, lea):
    InterestFactory(member=lea, partner=paula)
    InterestFactory()  # someone else's
    client.force_login(lea)
    page = text(client.get(reverse("interests:mine")))
    assert page.count("Partager mon portfolio avec Forem (test)") == 1
    assert "Janssens" not in page
    assert "paula.janssens@forem.example" not in page


def test_views_member_shares_creates_consent(client, paula, lea):
    """ "Partager" adds the share, dated, in the consent log; paula may now see
    the portfolio and her list says so."""
    interest = InterestFactory(member=lea, partner=paula)
    client.force_login(lea)
    response = client.post(
        reverse("interests:decide", args=[interest.pk]), {"share": "1"}, follow=True
    )
    assert "Votre portfolio est partagé avec Forem (test)" in text(response)
    share = PortfolioShare.objects.get(portfolio__user=lea)
    assert share.organisation == paula.organisation
    log = privacy.member_consent_log(lea)
    assert {(entry["what"], entry["who"]) for entry in log} >= {
        ("Portfolio partagé", "Forem (test)"),
        ("Intérêt d'une organisation : vous partagez votre portfolio", "Forem (test)"),
    }

    partner = Client()
    partner.force_login(paula)
    listing = text(partner.get(reverse("interests:partner-list")))
    assert "Léa Dubois" in listing
    assert "Partagé avec vous" in listing
    portfolio_page = reverse("skills:portfolio-detail", args=[share.portfolio.slug])
    assert partner.get(portfolio_page).status_code == 200


def test_views_member_declines_reveals_nothing(client, paula, lea):
    """After "Ne pas partager" the partner's list reads exactly as before."""
    interest = InterestFactory(member=lea, partner=paula)
    partner = Client()
    partner.force_login(paula)
    before = listing(partner)
    client.force_login(lea)
    response = client.post(
        reverse("interests:decide", args=[interest.pk]), {"share": "0"}, follow=True
    )
    assert "L'organisation n'est pas prévenue" in text(response)
    assert not PortfolioShare.objects.exists()
    assert listing(partner) == before
    assert "Pas de partage pour le moment" in before
    assert "Léa" not in before
    interest.refresh_from_db()
    assert interest.decision == Interest.Decision.DECLINED


def test_views_member_decides_only_their_own(client, lea):
    interest = InterestFactory()
    client.force_login(lea)
    url = reverse("interests:decide", args=[interest.pk])
    assert client.post(url, {"share": "1"}).status_code == 404
    assert (
        client.post("/me/interets/999999/decision/", {"share": "1"}).status_code == 404
    )
    assert not PortfolioShare.objects.exists()


@pytest.mark.parametrize("value", ["", "2", "oui", "1" * 10_000])
def test_views_member_decision_bad_input(client, lea, value):
    """A forged value changes nothing and says what to do."""
    interest = InterestFactory(member=lea)
    client.force_login(lea)
    url = reverse("interests:decide", args=[interest.pk])
    response = client.post(url, {"share": value}, follow=True)
    assert "Choisissez « Partager » ou « Ne pas partager »" in text(response)
    interest.refresh_from_db()
    assert interest.is_pending
    assert not PortfolioShare.objects.exists()


def test_views_partner_list_only_own_organisation(client, paula, lea, lea_portfolio):
    InterestFactory(member=lea, partner=paula)
    stranger = LearnerFactory(first_name="Zoé", last_name="Inconnue")
    portfolio(stranger, "public")
    InterestFactory(member=stranger, organisation=OrganisationFactory())
    client.force_login(paula)
    page = text(client.get(reverse("interests:partner-list")))
    assert "Léa Dubois" in page
    assert "Zoé" not in page
    assert "1 intérêt signalé" in page


def test_views_partner_list_hides_a_member_who_withdrew(client, paula, lea):
    """Once the portfolio is private again, the list no longer names her."""
    withdrawn = portfolio(lea, "private", shared_with=[paula.organisation])
    InterestFactory(member=lea, partner=paula)
    client.force_login(paula)
    page = text(client.get(reverse("interests:partner-list")))
    assert "Léa" not in page
    assert withdrawn.slug not in page


def test_views_partner_list_hides_a_child_without_guardian_consent(client, paula):
    """I5: a public portfolio of a child under 13 without consent stays unnamed."""
    child = LearnerFactory(first_name="Nour", under_13=True, guardian_consent_at=None)
    portfolio(child, "public")
    InterestFactory(member=child, partner=paula)
    client.force_login(paula)
    page = text(client.get(reverse("interests:partner-list")))
    assert "Nour" not in page
    assert "Une personne qui ne vous montre pas son portfolio" in page


def test_views_partner_list_learners_refused(client, lea):
    client.force_login(lea)
    assert client.get(reverse("interests:partner-list")).status_code == 403


@pytest.mark.parametrize("count", [10, 300])
def test_views_partner_list_constant_queries(
    client, paula, count, django_assert_max_num_queries
):
    """The partners' page costs the same few queries for 10 or 300 interests."""
    members = LearnerFactory.create_batch(count)
    for member in members:
        portfolio(member, "shared", shared_with=[paula.organisation])
    Interest.objects.bulk_create(
        Interest(organisation=paula.organisation, partner=paula, member=member)
        for member in members
    )
    client.force_login(paula)
    # session, user, count, page of interests
    with django_assert_max_num_queries(4):
        response = client.get(reverse("interests:partner-list"))
    assert response.content.decode().count("<tr data-interest=") == min(count, 50)


@pytest.mark.parametrize("count", [10, 300])
def test_views_member_page_constant_queries(
    client, lea, count, django_assert_max_num_queries
):
    """ "Qui s'intéresse à moi" costs the same few queries for 10 or 300."""
    organisations = OrganisationFactory.create_batch(count)
    Interest.objects.bulk_create(
        Interest(organisation=organisation, member=lea)
        for organisation in organisations
    )
    client.force_login(lea)
    # session, user, interests, mark seen
    with django_assert_max_num_queries(4):
        response = client.get(reverse("interests:mine"))
    assert response.content.decode().count('class="interest-card"') == count


def test_views_portfolio_page_lets_its_forms_post(client, paula, lea_portfolio):
    """Under no-referrer a browser posts "Origin: null" and CSRF refuses the
    button; same-origin still keeps the slug from other sites."""
    client.force_login(paula)
    response = client.get(page_of(lea_portfolio))
    assert response["Referrer-Policy"] == "same-origin"


def test_views_partner_home_links_to_the_list(client, paula):
    client.force_login(paula)
    page = client.get("/").content.decode()
    assert f'href="{reverse("interests:partner-list")}"' in page
