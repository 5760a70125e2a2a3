"""The printed log-in cards: each in its learner's language and direction, in
type large enough to read, and no name ever running over a card's border."""

import pytest
from django.urls import reverse

from members import cards, selectors
from members.forms import FIRST_NAME_MAX, LAST_NAME_MAX
from members.models import LoginCard
from tests.factories import LearnerFactory, LearnerGroupFactory, TrainerFactory
from tests.pages import (
    pdf_characters,
    pdf_containers,
    pdf_font_sizes,
    pdf_overflowing_text,
)

pytestmark = pytest.mark.django_db

# "Identifiant" as the Arabic catalogue prints it.
USERNAME_AR = "اسم المستخدم"
TOKEN = "ABCDEFGHJKMN"


def _sheet(*people) -> str:
    return cards.cards_html(
        [(learner, TOKEN, language) for learner, language in people],
        sheet_language="fr",
    )


def _print_one(client, group, learner) -> bytes:
    response = client.post(reverse("members:learner-card", args=[group.pk, learner.pk]))
    assert response.status_code == 200
    return response.content


def test_cards_sheet_printed_in_each_learners_language(client):
    """In a group that reads Arabic, Amal's card is in Arabic; Léa, who chose
    French on screen, gets hers in French."""
    trainer = TrainerFactory(language="fr")
    amal = LearnerFactory(first_name="Amal", last_name="Haddad", language="")
    lea = LearnerFactory(first_name="Léa", last_name="Dupont", language="fr")
    group = LearnerGroupFactory(trainer=trainer, learners=[amal, lea], language="ar")
    client.force_login(trainer)

    arabic = pdf_characters(_print_one(client, group, amal))
    french = pdf_characters(_print_one(client, group, lea))

    assert set(USERNAME_AR.replace(" ", "")) <= arabic
    assert not set(USERNAME_AR.replace(" ", "")) & french
    assert set("Identifiant") <= french


@pytest.mark.parametrize(
    ("member", "group", "trainer", "expected"),
    [
        ("nl", "ar", "en", "nl"),
        ("", "ar", "en", "ar"),
        ("", "", "en", "en"),
        ("", "", "", "fr"),
    ],
)
def test_cards_sheet_language_chain(member, group, trainer, expected):
    """The member's own language, else the group's, else the trainer's."""
    learner = LearnerFactory(language=member)
    learners_group = LearnerGroupFactory(
        trainer=TrainerFactory(language=trainer), language=group, learners=[learner]
    )

    assert selectors.card_language(learner, learners_group) == expected


def test_cards_sheet_arabic_card_reads_right_to_left():
    """An Arabic card is laid out right to left, its name isolated in <bdi>; a
    French card on the same sheet stays left to right."""
    layla = LearnerFactory(first_name="ليلى", last_name="بن علي", username="apprenant")
    lea = LearnerFactory(first_name="Léa", last_name="Dupont")
    html = _sheet((layla, "ar"), (lea, "fr"))

    arabic, french = pdf_containers(html, "card")

    assert arabic.style["direction"] == "rtl"
    assert french.style["direction"] == "ltr"
    assert '<td class="card" lang="ar" dir="rtl">' in html
    assert "<bdi>ليلى بن علي</bdi>" in html


def test_cards_sheet_no_text_under_11_points():
    """Every word on a card, instructions included, is at least 11 pt."""
    html = _sheet((LearnerFactory(), "fr"), (LearnerFactory(), "ar"))

    for card in pdf_containers(html, "card"):
        assert min(pdf_font_sizes(card)) >= 11


@pytest.mark.parametrize(
    ("first_name", "last_name", "username"),
    [
        (
            "Maximilienne-Dieudonnée",
            "Van Den Bossche-Vanderlinden",
            "maximiliennedieudonnee.v",
        ),
        ("Wolfeschlegelsteinhausenbergerdorff", "محمد", "wolfeschlegelsteinhausen"),
        # The widest letter, as long as the group form allows.
        ("W" * FIRST_NAME_MAX, "W" * LAST_NAME_MAX, "w" * 24),
    ],
)
def test_cards_sheet_long_names_wrap_inside_the_card(first_name, last_name, username):
    """A long name wraps (at any letter if it must) and the card grows rather
    than letting any text cross its border."""
    learner = LearnerFactory(
        first_name=first_name, last_name=last_name, username=username
    )
    html = _sheet((learner, "fr"), (LearnerFactory(), "ar"))

    for card in pdf_containers(html, "card"):
        assert pdf_overflowing_text(card) == []


def test_cards_sheet_new_card_for_one_learner_cancels_only_theirs(client):
    """Printing a new card for Amal from the group page stops her earlier card;
    the others' cards still work."""
    trainer = TrainerFactory()
    amal, lea = LearnerFactory(), LearnerFactory()
    group = LearnerGroupFactory(trainer=trainer, learners=[amal, lea])
    client.force_login(trainer)
    client.post(reverse("members:group-cards", args=[group.pk]))

    _print_one(client, group, amal)

    assert LoginCard.objects.filter(user=amal, revoked_at=None).count() == 1
    assert LoginCard.objects.filter(user=amal).count() == 2
    assert LoginCard.objects.filter(user=lea, revoked_at=None).count() == 1
