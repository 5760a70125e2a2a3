"""'Et depuis ce certificat ?' on 'Mes certificats': the holder's own private
question, answered and changed without JavaScript, refused to anyone else."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from certificates.models import Certificate, CertificateOutcome
from tests.factories import (
    CertificateFactory,
    CertificateOutcomeFactory,
    CourseFactory,
    LearnerFactory,
    PartnerFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db

MINE = reverse("certificates:mine")
QUESTION = "Et depuis ce certificat ?"


def _url(certificate: Certificate) -> str:
    return reverse("certificates:outcome", args=[certificate.display_code])


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get(MINE)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_views_outcome_question_on_my_certificate(client):
    """A valid certificate asks the question: three answers to tick, a way to
    decline, the age, a plain form posting to this certificate, no script."""
    certificate = CertificateFactory()

    page = _page(client, certificate.user)

    assert QUESTION in page
    for label in (
        "J'ai trouvé un emploi",
        "J'ai commencé une formation",
        "Je suis plus à l'aise en ligne",
        "Je préfère ne pas répondre",
        "Votre âge (facultatif)",
        "ni les formateurs ni les partenaires ne la voient",
    ):
        assert label in page
    assert f'action="{_url(certificate)}"' in page
    assert page.count('type="checkbox"') == 3
    assert "csrfmiddlewaretoken" in page


def test_views_outcome_no_question_before_the_certificate_is_issued(client):
    certificate = CertificateFactory(status=Certificate.Status.PREPARING)

    assert QUESTION not in _page(client, certificate.user)


def test_views_outcome_owner_answers_and_sees_the_answer(client):
    """The holder ticks two answers and gives an age: a thank-you, the answer
    shown on the card, the boxes still ticked to change it later."""
    certificate = CertificateFactory()
    client.force_login(certificate.user)

    response = client.post(
        _url(certificate),
        {"outcomes": ["job", "training"], "age_band": "45_64", "answer": "save"},
        follow=True,
    )

    page = unescape(response.content.decode())
    assert response.redirect_chain[-1][0].endswith(f"#certificate-{certificate.pk}")
    assert "Merci, votre réponse est enregistrée" in page
    assert "Votre réponse :" in page and "Changer ma réponse" in page
    assert page.count("checked") == 2
    answer = CertificateOutcome.objects.get(certificate=certificate)
    assert answer.outcomes == ["job", "training"]
    certificate.user.refresh_from_db()
    assert certificate.user.age_band == "45_64"
    assert 'value="45_64" selected' in page


def test_views_outcome_owner_changes_to_prefer_not_to_say(client):
    """Declining after an answer, boxes still ticked: nothing is kept."""
    answer = CertificateOutcomeFactory(found_job=True, started_training=True)
    client.force_login(answer.certificate.user)

    response = client.post(
        _url(answer.certificate),
        {"outcomes": ["job", "training"], "age_band": "", "answer": "decline"},
        follow=True,
    )

    answer.refresh_from_db()
    assert answer.declined and answer.outcomes == []
    page = unescape(response.content.decode())
    assert "vous préférez ne pas répondre" in page
    assert "Vous avez préféré ne pas répondre" in page


def test_views_outcome_nothing_ticked_is_explained(client):
    """Saving without a box ticked: the page says what to do, nothing saved."""
    certificate = CertificateFactory()
    client.force_login(certificate.user)

    response = client.post(_url(certificate), {"answer": "save", "age_band": ""})

    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert (
        "Cochez au moins une réponse, ou choisissez « Je préfère ne pas répondre »"
        in page
    )
    assert not CertificateOutcome.objects.exists()


def test_views_outcome_unknown_choice_is_explained(client):
    certificate = CertificateFactory()
    client.force_login(certificate.user)

    response = client.post(
        _url(certificate), {"outcomes": ["lottery"], "answer": "save"}
    )

    assert response.status_code == 400
    assert "Choisissez vos réponses dans la liste" in unescape(
        response.content.decode()
    )
    assert not CertificateOutcome.objects.exists()


def test_views_outcome_revoked_certificate_is_refused_with_a_reason(client):
    certificate = CertificateFactory(status=Certificate.Status.REVOKED)
    client.force_login(certificate.user)

    response = client.post(_url(certificate), {"outcomes": ["job"], "answer": "save"})

    assert response.status_code == 400
    assert "ne concerne que les certificats valides" in response.content.decode()
    assert not CertificateOutcome.objects.exists()


def test_views_outcome_someone_elses_certificate_is_a_404(client):
    """Another learner cannot answer, nor learn that the certificate exists."""
    certificate = CertificateFactory()
    client.force_login(LearnerFactory())

    response = client.post(_url(certificate), {"outcomes": ["job"], "answer": "save"})

    assert response.status_code == 404
    assert not CertificateOutcome.objects.exists()


def test_views_outcome_visitor_is_sent_to_log_in(client):
    certificate = CertificateFactory()

    response = client.post(_url(certificate), {"outcomes": ["job"], "answer": "save"})

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not CertificateOutcome.objects.exists()


def test_views_outcome_needs_post_and_a_csrf_token(client):
    certificate = CertificateFactory()
    client.force_login(certificate.user)
    assert client.get(_url(certificate)).status_code == 405

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(certificate.user)
    response = browser.post(_url(certificate), {"outcomes": ["job"], "answer": "save"})

    assert response.status_code == 403
    assert not CertificateOutcome.objects.exists()


def test_views_outcome_never_shown_to_trainers_or_partners(client):
    """The course's trainer and a partner verifying the certificate see it,
    but not what its holder answered."""
    trainer = TrainerFactory()
    course = CourseFactory(title="Premiers pas", trainers=[trainer])
    answer = CertificateOutcomeFactory(
        certificate=CertificateFactory(course=course), found_job=True
    )
    code = answer.certificate.display_code

    client.force_login(trainer)
    listed = client.get(reverse("certificates:course-certificates", args=[course.pk]))
    client.force_login(PartnerFactory())
    verified = client.get(reverse("certificates:verify-code", args=[code]))

    for response in (listed, verified):
        assert response.status_code == 200
        page = unescape(response.content.decode())
        assert code in page
        assert "J'ai trouvé un emploi" not in page
        assert QUESTION not in page
