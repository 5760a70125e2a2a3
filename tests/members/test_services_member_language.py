"""The language a member reads: remembered when they choose it (or first log in),
and used for every e-mail sent to them later, away from the page."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from certificates import services as certificate_services
from interests import services as interest_services
from members.cards import token_display
from members.privacy import member_data_erase, member_data_export
from members.services import login_cards_issue
from stories import services as story_services
from stories.models import Story
from tests.certificates.factories import completed_enrollment
from tests.factories import PASSWORD, LearnerFactory, StaffFactory, TrainerFactory
from tests.interests.factories import forem_partner, portfolio

pytestmark = pytest.mark.django_db

SWITCH = reverse("set_language")


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def test_views_language_switch_is_remembered_for_a_member(client):
    """Léa picks العربية at the top of the page: the page turns Arabic and her
    account remembers it; a language the platform does not offer changes nothing."""
    lea = LearnerFactory(language="fr")
    client.force_login(lea)

    response = client.post(SWITCH, {"language": "ar", "next": "/"}, follow=True)

    assert response.status_code == 200
    assert response.content.decode().count('lang="ar"') >= 1
    lea.refresh_from_db()
    assert lea.language == "ar"

    client.post(SWITCH, {"language": "de", "next": "/"})
    lea.refresh_from_db()
    assert lea.language == "ar"


def test_views_language_switch_anonymous_stores_nothing(client):
    """A visitor switches language as before: a cookie, no account touched."""
    response = client.post(SWITCH, {"language": "nl", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "nl"


def test_views_first_login_remembers_the_page_language(client):
    """Someone who read the log-in page in Dutch gets Dutch e-mails; a language
    chosen earlier is never overwritten by the page's."""
    newcomer = LearnerFactory(language="")
    client.cookies["django_language"] = "nl"
    client.post(
        reverse("account_login"), {"login": newcomer.username, "password": PASSWORD}
    )
    newcomer.refresh_from_db()
    assert newcomer.language == "nl"

    client.logout()
    client.cookies["django_language"] = "en"
    client.post(
        reverse("account_login"), {"login": newcomer.username, "password": PASSWORD}
    )
    newcomer.refresh_from_db()
    assert newcomer.language == "nl"


def test_views_login_brings_the_members_language_back(client):
    """Amal chose Arabic at home; on the centre's computer, showing French, she
    logs in and the platform speaks Arabic again without looking for the switch."""
    amal = LearnerFactory(language="ar")

    response = client.post(
        reverse("account_login"),
        {"login": amal.username, "password": PASSWORD},
        follow=True,
    )

    assert client.cookies["django_language"].value == "ar"
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_views_card_login_brings_the_members_language_back(client):
    """The same with a printed log-in card."""
    pieter = LearnerFactory(language="nl", must_choose_secret=True)
    [card] = login_cards_issue(issuer=TrainerFactory(), learners=[pieter])

    response = client.post(
        reverse("members:card-login", args=[token_display(card.token)]), follow=True
    )

    assert client.cookies["django_language"].value == "nl"
    assert '<html lang="nl"' in response.content.decode()


def test_api_me_language_can_be_set_and_is_checked(client):
    """A phone app sets the language through /api/v1/me/; an unknown code is a
    clear 400 and the stored choice stays."""
    lea = LearnerFactory(language="fr")
    client.force_login(lea)

    ok = client.patch(
        "/api/v1/me/", {"language": "en"}, content_type="application/json"
    )
    bad = client.patch(
        "/api/v1/me/", {"language": "xx"}, content_type="application/json"
    )

    assert ok.status_code == 200 and ok.json()["language"] == "en"
    assert bad.status_code == 400 and "language" in bad.json()
    lea.refresh_from_db()
    assert lea.language == "en"


def test_services_interest_email_in_the_members_language(
    django_capture_on_commit_callbacks,
):
    """Amal reads Arabic: the e-mail that an organisation is interested is in
    Arabic, not in the platform's French."""
    amal = LearnerFactory(email="amal@example.org", language="ar")
    paula = forem_partner()
    portfolio(amal, "shared", shared_with=[paula.organisation])

    with django_capture_on_commit_callbacks(execute=True):
        interest_services.interest_express(partner=paula, member=amal)

    subject = "Une organisation s'intéresse à votre parcours"
    assert _in("ar", subject) != subject
    assert [message.subject for message in mail.outbox] == [_in("ar", subject)]


def test_services_story_decision_email_in_the_members_language(
    django_capture_on_commit_callbacks,
):
    """Pieter reads Dutch: the review's decision reaches him in Dutch."""
    pieter = LearnerFactory(email="pieter@example.org", language="nl")
    story = story_services.story_create(
        actor=pieter,
        author=pieter,
        title="Mijn job",
        body="Gevonden.",
        kind=Story.Kind.JOB,
    )
    story = story_services.story_submit(story=story, actor=pieter)

    with django_capture_on_commit_callbacks(execute=True):
        story_services.story_review(
            story=story,
            reviewer=StaffFactory(),
            decision=story_services.Decision.APPROVE,
        )

    subject = "Votre réussite est publiée"
    assert _in("nl", subject) != subject
    assert [message.subject for message in mail.outbox] == [_in("nl", subject)]


def test_services_certificate_email_prefers_the_members_language(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    """A French course followed by someone who reads English: the e-mail about the
    certificate is in English, the course's title as it is."""
    settings.MEDIA_ROOT = str(tmp_path)
    enrollment = completed_enrollment(
        user=LearnerFactory(email="sam@example.org", language="en")
    )
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_services.certificate_issue(enrollment=enrollment)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_services.certificate_pdf_store(certificate_id=certificate.pk)
    certificate_services._ready_email(certificate.pk)

    assert certificate.course_language == "fr"
    assert [message.subject for message in mail.outbox] == [
        f"Your certificate “{certificate.course_title}” is ready"
    ]


def test_privacy_language_exported_and_erased():
    """ "Mes données" shows the language kept; erasing the account forgets it."""
    lea = LearnerFactory(language="ar")

    assert member_data_export(user=lea)["account"]["language"] == "ar"
    member_data_erase(user=lea)
    lea.refresh_from_db()
    assert lea.language == ""
