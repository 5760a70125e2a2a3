"""Journey: a trainer creates a group and prints cards; a learner enters with a card."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from members import cards, services
from members.models import LoginCard, User
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import DESKTOP
from tests.e2e.layout import page_width, small_targets
from tests.pages import pdf_page_count

PASSWORD = "sirius-demo-2026"
PEOPLE = ["Amina Benali", "Jan Peeters", "Sofia Costa"]
# The group page lists people by last name.
USERNAMES = ["amina.benali", "sofia.costa", "jan.peeters"]
PIN = "482915"


def log_in(page, username: str, secret: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(secret)
    page.locator("main form button[type=submit]").click()
    # By the form's target, not its words: this also runs in Arabic.
    expect(page.locator("form[action$='/accounts/logout/'] button")).to_be_visible()


def assert_page_ok(page) -> None:
    """No axe violation, and every target at least 44x44 px."""
    assert_axe_clean(page)
    assert small_targets(page) == []


def open_group_form(page) -> None:
    page.get_by_role("link", name="Mes groupes").click()
    expect(page.locator("h1")).to_have_text("Mes groupes")
    assert_page_ok(page)
    page.get_by_role("button", name="Créer les comptes d'un groupe").click()
    expect(page.locator("h1")).to_have_text("Créer les comptes d'un groupe")


def print_cards(page) -> bytes:
    """Posts the print form as the browser would (it opens the PDF in a new tab)."""
    form = page.locator("form", has_text="Imprimer les cartes de connexion du groupe")
    token = form.locator("input[name=csrfmiddlewaretoken]").get_attribute("value")
    response = page.request.post(
        form.get_attribute("action"), form={"csrfmiddlewaretoken": token}
    )
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    return response.body()


@pytest.mark.parametrize("viewport", [DESKTOP])
def test_journey_login_cards_group_to_first_log_in(page, new_context, demo):
    """Group of three, printed cards, first log-in with a PIN; the card then refuses."""
    log_in(page, "tom", PASSWORD)
    open_group_form(page)
    assert_page_ok(page)
    page.get_by_label("Nom du groupe").fill("Jeudi après-midi")
    page.get_by_label("Les personnes du groupe").fill("\n".join(PEOPLE))
    page.get_by_label(re.compile("Ces personnes sont d'accord")).check()
    page.get_by_role("button", name="Créer les comptes").click()
    expect(page.locator("h1")).to_have_text("Jeudi après-midi")
    expect(page.locator("td code")).to_have_text(USERNAMES)
    assert_page_ok(page)

    pdf = print_cards(page)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert pdf_page_count(pdf) == 1  # six cards a page
    assert LoginCard.objects.filter(user__username__in=USERNAMES).count() == 3

    # The PDF holds the only copy of each token: issue one more card to know one.
    amina = User.objects.get(username="amina.benali")
    card = services.login_cards_issue(issuer=amina.created_by, learners=[amina])[0]
    card_path = reverse("members:card-login", args=[cards.token_display(card.token)])

    learner = new_context().new_page()
    learner.goto(card_path)
    expect(learner.locator("h1")).to_have_text("Bienvenue sur Sirius Hub")
    assert_page_ok(learner)
    learner.get_by_role("button", name="Entrer").click()
    expect(learner.locator("h1")).to_have_text("Choisir mon code secret")
    assert_page_ok(learner)
    pin = learner.get_by_label("Mon code secret (6 chiffres)")
    expect(pin).to_have_attribute("inputmode", "numeric")  # the phone's digit pad
    pin.fill(PIN)
    learner.get_by_label("Encore une fois, pour vérifier").fill(PIN)
    learner.get_by_role("button", name="Enregistrer").click()
    expect(learner.locator("h1")).to_have_text("Bonjour Amina")
    expect(learner.get_by_role("status")).to_contain_text("amina.benali")

    again = new_context().new_page()
    again.goto(card_path)
    with again.expect_response(lambda r: r.request.method == "POST") as refusal:
        again.get_by_role("button", name="Entrer").click()
    assert refusal.value.status == 410
    expect(again.locator("h1")).to_have_text("Cette carte ne marche plus")
    expect(again.get_by_role("alert")).to_contain_text("nouvelle carte")
    expect(again.get_by_role("link", name="Me connecter", exact=True)).to_be_visible()
    expect(again.get_by_role("button", name="Me déconnecter")).to_have_count(0)
    assert_page_ok(again)

    log_in(again, "amina.benali", PIN)
    expect(again.locator("h1")).to_have_text("Bonjour Amina")


@pytest.mark.parametrize("viewport", [DESKTOP])
def test_journey_login_cards_group_form_errors(page, demo):
    """An empty group form says what to fill in, next to each field, and passes axe."""
    log_in(page, "tom", PASSWORD)
    open_group_form(page)
    page.get_by_role("button", name="Créer les comptes").click()
    expect(page.locator(".errorlist")).to_have_count(3)
    for name in ("name", "people", "consent"):
        field = page.locator(f"[name={name}]")
        expect(field).to_have_attribute("aria-invalid", "true")
        error_id = f"id_{name}_error"
        assert error_id in field.get_attribute("aria-describedby").split()
        expect(page.locator(f"[id={error_id}]")).to_have_count(1)
    expect(page.locator("#id_consent_error")).to_have_text(
        "Cochez cette case quand les personnes sont d'accord."
    )
    assert_page_ok(page)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_journey_login_cards_group_page_reflows_at_320px(new_context, demo, language):
    """At 320 px wide the trainer's group page needs no horizontal scrolling."""
    page = new_context(language=language, size={"width": 320, "height": 640}).new_page()
    log_in(page, "tom", PASSWORD)
    page.locator("header a[href='/groups/']").click()
    page.locator("main ul a", has_text="Mardi matin").click()
    expect(page.locator("td code")).to_have_text(["lea"])
    assert page_width(page) <= 320


@pytest.mark.parametrize("viewport", [DESKTOP])
def test_journey_login_cards_code_secret_in_arabic_digits(new_context, demo):
    """In the Arabic interface, a learner types her code secret with Arabic-Indic
    digits from the card's page; at the next log-in Persian digits open it too."""
    trainer = User.objects.get(username="tom")
    [created] = services.learner_group_create(
        trainer=trainer,
        name="Groupe du soir",
        people=[services.PersonName("Amal", "Haddad")],
        consent_confirmed=True,
        language="ar",
    ).learners.all()
    [card] = services.login_cards_issue(issuer=trainer, learners=[created])
    learner = new_context(language="ar").new_page()

    learner.goto(reverse("members:card-login", args=[cards.token_display(card.token)]))
    learner.locator("main form button[type=submit]").click()
    pin = learner.locator("input[name=secret]")
    expect(pin).to_have_attribute("inputmode", "numeric")
    assert_page_ok(learner)
    pin.press_sequentially("٤٨٢٩١٣")
    learner.locator("input[name=secret_again]").press_sequentially("٤٨٢٩١٣")
    learner.locator("main form button[type=submit]").click()
    expect(learner.get_by_role("status")).to_contain_text(created.username)

    again = new_context(language="ar").new_page()
    log_in(again, created.username, "۴۸۲۹۱۳")


@pytest.mark.parametrize("viewport", [DESKTOP])
def test_journey_login_cards_existing_member_added_to_a_new_group(page, demo):
    """Tom lists Léa, who already has an account, with a newcomer and her e-mail:
    he is asked whether it is the same Léa, says yes, and the group has one Léa."""
    lea = User.objects.get(username="lea")
    log_in(page, "tom", PASSWORD)
    open_group_form(page)
    page.get_by_label("Nom du groupe").fill("Vendredi")
    page.get_by_label("Les personnes du groupe").fill(
        f"{lea.first_name} {lea.last_name}\nKevin Martin kevin.martin@example.org"
    )
    page.get_by_label(re.compile("Ces personnes sont d'accord")).check()
    page.get_by_role("button", name="Créer les comptes").click()

    expect(page.locator("h2")).to_have_text(
        "Ces personnes ont peut-être déjà un compte"
    )
    assert_page_ok(page)
    page.get_by_label(
        re.compile(r"Ajouter son compte au groupe .*identifiant lea")
    ).check()
    page.get_by_role("button", name="Créer les comptes").click()

    expect(page.locator("h1")).to_have_text("Vendredi")
    expect(page.locator("td code")).to_have_text(["lea", "kevin.martin"])
    assert (
        User.objects.filter(first_name=lea.first_name, last_name=lea.last_name).count()
        == 1
    )
    assert User.objects.get(username="kevin.martin").email == "kevin.martin@example.org"


@pytest.mark.parametrize("viewport", [DESKTOP])
def test_journey_login_cards_forgotten_code_secret(page, demo):
    """ "Mot de passe ou code secret oublié ?" tells a card learner to ask their
    trainer for a new card."""
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Mot de passe ou code secret oublié ?").click()

    expect(page.locator("h1")).to_have_text("Mot de passe ou code secret oublié")
    expect(page.locator("main")).to_contain_text(
        "Demandez une nouvelle carte à votre formateur ou formatrice."
    )
    assert_page_ok(page)
