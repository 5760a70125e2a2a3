"""Trainers' group pages: who may open them, creating accounts, printing cards."""

from html import unescape

import pytest
from django.urls import reverse

from members.models import LearnerGroup, LoginCard, User
from tests.factories import (
    LearnerFactory,
    LearnerGroupFactory,
    StaffFactory,
    TrainerFactory,
)
from tests.interests.factories import portfolio
from tests.pages import field_error, pdf_characters, pdf_page_count

pytestmark = pytest.mark.django_db

GROUP_FORM = {
    "name": "Mardi matin",
    "people": "Léa Dupont\nTom Lambert\n\nليلى بن علي\n",
    "consent": "on",
}


@pytest.fixture
def group(trainer):
    learners = [LearnerFactory(), LearnerFactory()]
    return LearnerGroupFactory(trainer=trainer, learners=learners)


def test_views_groups_learner_gets_403_everywhere(client, learner, group):
    """A learner cannot open, create or print for groups, and nothing is created."""
    client.force_login(learner)
    users_before = User.objects.count()

    assert client.get(reverse("members:group-list")).status_code == 403
    assert client.get(reverse("members:group-create")).status_code == 403
    assert client.get(group.get_absolute_url()).status_code == 403
    response = client.post(reverse("members:group-create"), GROUP_FORM)
    assert response.status_code == 403
    response = client.post(reverse("members:group-cards", args=[group.pk]))
    assert response.status_code == 403
    learner_card = reverse(
        "members:learner-card", args=[group.pk, group.learners.first().pk]
    )
    assert client.post(learner_card).status_code == 403

    assert LearnerGroup.objects.count() == 1
    assert User.objects.count() == users_before
    assert not LoginCard.objects.exists()


def test_views_groups_partner_gets_403(client, partner):
    """A partner is not a trainer either."""
    client.force_login(partner)

    assert client.get(reverse("members:group-list")).status_code == 403


@pytest.mark.parametrize(
    ("method", "url_name"),
    [
        ("get", "members:group-list"),
        ("get", "members:group-create"),
        ("post", "members:group-create"),
    ],
)
def test_views_groups_anonymous_redirected_to_login(client, method, url_name):
    """A visitor who is not logged in is sent to the log-in page, then back."""
    url = reverse(url_name)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert f"next={url}" in response["Location"]
    assert not LearnerGroup.objects.exists()


def test_views_groups_anonymous_cannot_print_cards(client, group):
    """A visitor cannot print cards: sent to log in, no card issued."""
    response = client.post(reverse("members:group-cards", args=[group.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not LoginCard.objects.exists()


def test_views_groups_list_shows_only_own_groups(client, trainer, group):
    """A trainer's list shows their groups and not another trainer's."""
    other = LearnerGroupFactory(name="Groupe de quelqu'un d'autre")
    client.force_login(trainer)

    response = client.get(reverse("members:group-list"))

    assert response.status_code == 200
    assert group.name in response.content.decode()
    assert other.name not in response.content.decode()


def test_views_groups_other_trainers_group_is_404(client, group):
    """Another trainer's group, its cards and its learners' cards answer 404."""
    client.force_login(TrainerFactory())
    learner = group.learners.first()

    assert client.get(group.get_absolute_url()).status_code == 404
    response = client.post(reverse("members:group-cards", args=[group.pk]))
    assert response.status_code == 404
    response = client.post(reverse("members:learner-card", args=[group.pk, learner.pk]))
    assert response.status_code == 404
    assert not LoginCard.objects.exists()


def test_views_groups_learner_outside_group_is_404(client, trainer, group):
    """A trainer cannot print a card for a learner who is not in their group."""
    stranger = LearnerFactory()
    client.force_login(trainer)

    response = client.post(
        reverse("members:learner-card", args=[group.pk, stranger.pk])
    )

    assert response.status_code == 404
    assert not LoginCard.objects.filter(user=stranger).exists()


def test_views_groups_staff_may_open_any_group(client, group):
    """Staff can open a trainer's group to help them."""
    client.force_login(StaffFactory())

    response = client.get(group.get_absolute_url())

    assert response.status_code == 200
    assert group.name in response.content.decode()


def test_views_groups_create_makes_accounts_and_redirects(client, trainer):
    """The form creates one account per line and shows the new group."""
    client.force_login(trainer)

    response = client.post(reverse("members:group-create"), GROUP_FORM, follow=True)

    group = LearnerGroup.objects.get()
    assert response.redirect_chain == [(group.get_absolute_url(), 302)]
    assert group.trainer == trainer
    assert group.name == "Mardi matin"
    usernames = sorted(group.learners.values_list("username", flat=True))
    assert usernames == ["apprenant", "lea.dupont", "tom.lambert"]
    page = response.content.decode()
    assert "lea.dupont" in page
    assert "ليلى" in page
    assert "Imprimez maintenant les cartes" in page


def test_views_groups_create_without_consent_shows_error_by_field(client, trainer):
    """Without the consent box ticked, the error is shown next to it, in French."""
    client.force_login(trainer)

    response = client.post(
        reverse("members:group-create"), {**GROUP_FORM, "consent": ""}
    )

    assert response.status_code == 200
    assert field_error(response, "consent") == (
        "Cochez cette case quand les personnes sont d'accord."
    )
    assert field_error(response, "people") == ""
    assert not LearnerGroup.objects.exists()
    assert not User.objects.filter(created_by=trainer).exists()


def test_views_groups_create_line_with_one_word_shows_error(client, trainer):
    """A line with only a first name is pointed out by its number, next to the list."""
    client.force_login(trainer)

    response = client.post(
        reverse("members:group-create"),
        {**GROUP_FORM, "people": "Léa Dupont\nMohamed\nTom Lambert"},
    )

    assert response.status_code == 200
    assert field_error(response, "people") == ("Ligne 2 : écrivez le prénom et le nom.")
    assert "Léa Dupont" in response.content.decode()  # what was typed is kept
    assert not LearnerGroup.objects.exists()


def test_views_groups_create_empty_list_shows_error(client, trainer):
    """An empty list of people is refused next to the field."""
    client.force_login(trainer)

    response = client.post(
        reverse("members:group-create"), {**GROUP_FORM, "people": "\n  \n"}
    )

    assert response.status_code == 200
    assert field_error(response, "people")
    assert not LearnerGroup.objects.exists()


def test_views_groups_create_too_many_people_refused(client, trainer):
    """More than 40 people in one group is refused with the limit stated."""
    client.force_login(trainer)
    people = "\n".join(f"Léa Dupont{n}" for n in range(41))

    response = client.post(
        reverse("members:group-create"), {**GROUP_FORM, "people": people}
    )

    assert "40" in field_error(response, "people")
    assert not User.objects.filter(created_by=trainer).exists()


def test_views_groups_cards_pdf_two_pages_for_nine(client, trainer):
    """Nine learners print as a PDF of two A4 pages (six cards a page)."""
    learners = [LearnerFactory() for _ in range(9)]
    group = LearnerGroupFactory(trainer=trainer, learners=learners)
    client.force_login(trainer)

    response = client.post(reverse("members:group-cards", args=[group.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    assert pdf_page_count(response.content) == 2
    assert LoginCard.objects.filter(used_at=None, revoked_at=None).count() == 9


@pytest.mark.parametrize(
    ("learners", "pages"), [(1, 1), (6, 1), (7, 2), (12, 2), (13, 3)]
)
def test_views_groups_cards_pdf_six_a_page(client, trainer, learners, pages):
    """A sheet holds six cards; the page count follows the group size."""
    group = LearnerGroupFactory(
        trainer=trainer, learners=[LearnerFactory() for _ in range(learners)]
    )
    client.force_login(trainer)

    response = client.post(reverse("members:group-cards", args=[group.pk]))

    assert pdf_page_count(response.content) == pages


def test_views_groups_cards_get_not_allowed(client, trainer, group):
    """Opening the print address with GET prints nothing (405)."""
    client.force_login(trainer)

    response = client.get(reverse("members:group-cards", args=[group.pk]))

    assert response.status_code == 405
    assert not LoginCard.objects.exists()


def test_views_groups_cards_reprint_cancels_earlier_cards(client, trainer, group):
    """Printing the group's cards again leaves only the newest cards usable."""
    client.force_login(trainer)
    url = reverse("members:group-cards", args=[group.pk])

    client.post(url)
    client.post(url)

    assert LoginCard.objects.count() == 4
    assert LoginCard.objects.filter(revoked_at=None).count() == 2


def test_views_groups_learner_card_prints_arabic_name(client, trainer):
    """A card for a learner with an Arabic name renders, with the name's letters."""
    layla = LearnerFactory(first_name="ليلى", last_name="بن علي", username="apprenant")
    group = LearnerGroupFactory(trainer=trainer, learners=[layla])
    client.force_login(trainer)

    response = client.post(reverse("members:learner-card", args=[group.pk, layla.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="carte-apprenant.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert pdf_page_count(response.content) == 1
    characters = pdf_characters(response.content)
    assert set("ليلى بن علي".replace(" ", "")) <= characters
    assert set("apprenant") <= characters


def test_views_groups_learner_card_prints_accented_name(client, trainer):
    """A card shows the learner's accented name and username."""
    lea = LearnerFactory(first_name="Léa", last_name="Çelik", username="lea.celik")
    group = LearnerGroupFactory(trainer=trainer, learners=[lea])
    client.force_login(trainer)

    response = client.post(reverse("members:learner-card", args=[group.pk, lea.pk]))

    assert set("LéaÇelik") <= pdf_characters(response.content)
    assert LoginCard.objects.filter(user=lea).count() == 1


def test_views_groups_create_under_13_marks_the_accounts(client, trainer):
    """A group of children: their portfolios stay private until a guardian agrees."""
    client.force_login(trainer)
    client.post(reverse("members:group-create"), {**GROUP_FORM, "under_13": "1"})
    assert set(
        User.objects.filter(role="learner").values_list("under_13", flat=True)
    ) == {True}


def test_views_groups_create_default_is_13_or_over(client, trainer):
    client.force_login(trainer)
    client.post(reverse("members:group-create"), GROUP_FORM)
    assert not User.objects.filter(under_13=True).exists()


def test_views_groups_guardian_consent_recorded_and_withdrawn(client, trainer):
    child = LearnerFactory(under_13=True, first_name="Nour")
    group = LearnerGroupFactory(trainer=trainer, learners=[child])
    client.force_login(trainer)
    url = reverse("members:guardian-consent", args=[group.pk, child.pk])
    assert (
        "Enregistrer l'accord pour Nour"
        in client.get(group.get_absolute_url()).content.decode()
    )

    refused = client.post(url, {"given": "1"}, follow=True)
    assert "Cochez la case" in refused.content.decode()
    child.refresh_from_db()
    assert child.guardian_consent_at is None

    client.post(url, {"given": "1", "confirm": "on"})
    child.refresh_from_db()
    assert child.guardian_consent_at is not None
    assert child.guardian_consent_by == trainer

    page = client.post(url, {"given": "", "confirm": "on"}, follow=True)
    child.refresh_from_db()
    assert child.guardian_consent_at is None
    assert "reste privé" in page.content.decode()


def test_views_groups_guardian_consent_other_trainer_is_404(client, trainer):
    child = LearnerFactory(under_13=True)
    group = LearnerGroupFactory(trainer=trainer, learners=[child])
    client.force_login(TrainerFactory())
    url = reverse("members:guardian-consent", args=[group.pk, child.pk])
    assert client.post(url, {"given": "1", "confirm": "on"}).status_code == 404
    child.refresh_from_db()
    assert child.guardian_consent_at is None


def test_views_groups_mixed_group_each_age_corrected(client, trainer):
    """A family workshop: created as "some under 13", the trainer marks Sami as
    13 or over, and his public portfolio is visible at once; his little sister
    stays private."""
    client.force_login(trainer)
    client.post(
        reverse("members:group-create"),
        {**GROUP_FORM, "people": "Sami Haddad\nNour Haddad\n", "under_13": "1"},
    )
    group = LearnerGroup.objects.get(trainer=trainer)
    sami = User.objects.get(first_name="Sami")
    nour = User.objects.get(first_name="Nour")
    page = portfolio(sami, "public")
    portfolio(nour, "public")
    client.logout()
    assert client.get(page.get_absolute_url()).status_code == 404

    client.force_login(trainer)
    assert (
        "Corriger l'âge de Sami"
        in client.get(group.get_absolute_url()).content.decode()
    )
    done = client.post(
        reverse("members:learner-age", args=[group.pk, sami.pk]),
        {"under_13": "", "confirm": "on"},
        follow=True,
    )

    assert "Sami Haddad a 13 ans ou plus" in done.content.decode()
    sami.refresh_from_db()
    nour.refresh_from_db()
    assert not sami.under_13 and nour.under_13
    client.logout()
    assert client.get(page.get_absolute_url()).status_code == 200


def test_views_groups_marking_a_child_hides_the_portfolio_at_once(client, trainer):
    """A learner marked under 13 by mistake at first: once corrected, the public
    portfolio is a 404 until a legal representative agrees, even if one had agreed
    before for another age."""
    child = LearnerFactory(first_name="Ilyas")
    page = portfolio(child, "public")
    group = LearnerGroupFactory(trainer=trainer, learners=[child])
    assert client.get(page.get_absolute_url()).status_code == 200

    client.force_login(trainer)
    url = reverse("members:learner-age", args=[group.pk, child.pk])
    refused = client.post(url, {"under_13": "1"}, follow=True)
    assert "Cochez la case pour confirmer l'âge." in unescape(refused.content.decode())
    child.refresh_from_db()
    assert not child.under_13

    client.post(url, {"under_13": "1", "confirm": "on"})
    child.refresh_from_db()
    assert child.under_13 and child.guardian_consent_at is None
    client.logout()
    assert client.get(page.get_absolute_url()).status_code == 404


def test_views_groups_age_only_by_the_groups_trainer(client, trainer):
    """Another trainer gets 404 and a learner 403: nobody else changes an age."""
    child = LearnerFactory(under_13=True)
    group = LearnerGroupFactory(trainer=trainer, learners=[child])
    url = reverse("members:learner-age", args=[group.pk, child.pk])
    form = {"under_13": "", "confirm": "on"}

    client.force_login(TrainerFactory())
    assert client.post(url, form).status_code == 404
    client.force_login(child)
    assert client.post(url, form).status_code == 403
    client.force_login(trainer)
    assert client.get(url).status_code == 405
    child.refresh_from_db()
    assert child.under_13
