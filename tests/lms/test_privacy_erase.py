"""Erasing an account: no personal data left in rows, files or PDFs; certificates
stay verifiable and say that the holder's data was erased."""

import json
import logging
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from rest_framework.authtoken.models import Token

from certificates.models import Certificate, VerificationLog
from courses.models import Enrollment
from h5p.models import Attempt as H5PAttempt
from h5p.models import SavedState, Statement
from lms.privacy import member_erase
from members.models import LoginCard, User
from quizzes.models import Attempt as QuizAttempt
from tests.factories import (
    CourseFactory,
    LearnerGroupFactory,
    StaffFactory,
    TrainerFactory,
)
from tests.lms.privacy_factories import member_make

pytestmark = pytest.mark.django_db

ERASED = "Les données personnelles du titulaire ont été effacées à sa demande."
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def zoe():
    return member_make(first_name="Zéphyrine", last_name="Quenouille", username="zq")


def _traces_in_database(*needles: str) -> list[str]:
    """Every model row whose text fields hold one of the needles."""
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        for row in model.objects.values_list(*(f.attname for f in fields)):
            text = json.dumps(row, default=str, ensure_ascii=False).lower()
            for needle in needles:
                if needle.lower() in text:
                    found.append(f"{model._meta.label}: {needle}")
    return found


def _erase(user, capture):
    with capture(execute=True):
        member_erase(user)


def test_privacy_erase_leaves_no_personal_data_in_rows(
    zoe, django_capture_on_commit_callbacks
):
    """The name, e-mail and username are nowhere in the database afterwards."""
    needles = ("Zéphyrine", "Quenouille", zoe.email)
    assert _traces_in_database(*needles)  # the search does find them before

    _erase(zoe.user, django_capture_on_commit_callbacks)

    assert _traces_in_database(*needles) == []
    user = User.objects.get(pk=zoe.user.pk)
    assert user.username.startswith("effacé-")
    assert user.username != "zq"
    assert not user.is_active
    assert not user.has_usable_password()


def test_privacy_erase_deletes_the_members_rows(
    zoe, django_capture_on_commit_callbacks
):
    """Enrolments, quiz and H5P rows, addresses, tokens, cards, groups go."""
    _erase(zoe.user, django_capture_on_commit_callbacks)

    user = zoe.user
    assert not Enrollment.objects.filter(user=user).exists()
    assert not QuizAttempt.objects.filter(user=user).exists()
    assert not H5PAttempt.objects.filter(user=user).exists()
    assert not Statement.objects.filter(user=user).exists()
    assert not SavedState.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Token.objects.filter(user=user).exists()
    assert not LoginCard.objects.filter(user=user).exists()
    assert not user.learner_groups.exists()


def test_privacy_erase_deletes_the_pdf_and_keeps_the_certificate(
    zoe, settings, django_capture_on_commit_callbacks
):
    """The PDF file goes (it prints the name); the row stays without a holder,
    its hash kept; the partner's check stays, with no name."""
    pdf_path = Path(zoe.certificate.pdf.path)
    assert pdf_path.exists()

    _erase(zoe.user, django_capture_on_commit_callbacks)

    assert not pdf_path.exists()
    certificate = Certificate.objects.get(pk=zoe.certificate.pk)
    assert certificate.user is None
    assert certificate.holder_name == ""
    assert not certificate.pdf
    assert certificate.pdf_sha256 == "ab" * 32
    assert certificate.status == Certificate.Status.ISSUED
    assert VerificationLog.objects.filter(certificate=certificate).exists()
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert b"Quenouille" not in content
            assert zoe.email.encode() not in content


def test_privacy_erase_pdf_stays_if_the_transaction_rolls_back(zoe):
    """Files are deleted only once the erasure commits, never before."""
    pdf_path = Path(zoe.certificate.pdf.path)

    member_erase(zoe.user)  # on_commit callbacks never run in a test transaction

    assert pdf_path.exists()


def test_privacy_erase_other_members_untouched(django_capture_on_commit_callbacks):
    """Erasing Zoé leaves Yannick's account, course and certificate as they were."""
    zoe = member_make(first_name="Zoé", last_name="Quenouille", username="zoe.q")
    yannick = member_make(
        first_name="Yannick", last_name="Brouwer", username="yannick.b"
    )

    _erase(zoe.user, django_capture_on_commit_callbacks)

    yannick.user.refresh_from_db()
    assert yannick.user.username == "yannick.b"
    assert yannick.user.email == yannick.email
    assert Enrollment.objects.filter(user=yannick.user).exists()
    certificate = Certificate.objects.get(pk=yannick.certificate.pk)
    assert certificate.holder_name == "Yannick Brouwer"
    assert Path(certificate.pdf.path).exists()
    assert EmailAddress.objects.filter(user=yannick.user).exists()


def test_privacy_erase_partner_sees_status_course_date_and_erased(
    zoe, client, django_capture_on_commit_callbacks
):
    """A partner checking the certificate afterwards: status, course, date, and
    the erased message; no name, no PDF link."""
    code = zoe.certificate.display_code
    _erase(zoe.user, django_capture_on_commit_callbacks)
    client.force_login(zoe.partner)

    response = client.get(reverse("certificates:verify-code", args=[code]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Valide" in html
    assert zoe.certificate.course_title in html
    assert "3 novembre 2026" in html
    assert ERASED in html
    assert "Zéphyrine" not in html
    assert reverse("certificates:verify-pdf", args=[code]) not in html


def test_privacy_erase_partner_bulk_check_says_erased(
    zoe, client, django_capture_on_commit_callbacks
):
    """Checking several codes at once: the erased holder's row says so."""
    code = zoe.certificate.display_code
    _erase(zoe.user, django_capture_on_commit_callbacks)
    client.force_login(zoe.partner)

    response = client.post(reverse("certificates:partner-verify"), {"codes": code})

    html = response.content.decode()
    assert ERASED in html
    assert zoe.certificate.course_title in html


def test_privacy_erase_api_says_holder_erased(
    zoe, client, django_capture_on_commit_callbacks
):
    """The verification API answers holder_name null and holder_erased true."""
    code = zoe.certificate.display_code
    _erase(zoe.user, django_capture_on_commit_callbacks)

    response = client.get(reverse("api-verification-detail", args=[code]))

    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "valid"
    assert data["holder_name"] is None
    assert data["holder_erased"] is True
    assert data["course"] == zoe.certificate.course_title
    assert data["issued_on"] == "2026-11-03"


def test_privacy_api_holder_not_erased_says_false(zoe, client):
    """A certificate whose holder kept their account: holder_erased false."""
    code = zoe.certificate.display_code

    data = client.get(reverse("api-verification-detail", args=[code])).json()

    assert data["holder_name"] == "Zéphyrine Quenouille"
    assert data["holder_erased"] is False


def test_privacy_erase_view_retypes_username_then_logs_out(
    zoe, client, caplog, django_capture_on_commit_callbacks
):
    """A wrong username erases nothing; the right one erases, logs out, deletes
    every session, and the log carries no name, e-mail or username."""
    client.force_login(zoe.user)
    url = reverse("my-data-erase")

    wrong = client.post(url, {"username": "someone"})
    assert wrong.status_code == 400
    assert "Ce n&#x27;est pas votre identifiant" in wrong.content.decode()
    assert User.objects.get(pk=zoe.user.pk).username == "zq"

    with (
        caplog.at_level(logging.DEBUG),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(url, {"username": "zq"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Votre compte et vos données personnelles ont été effacés." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert not Session.objects.exists() or all(
        s.get_decoded().get("_auth_user_id") != str(zoe.user.pk)
        for s in Session.objects.all()
    )
    logged = caplog.text.lower()
    assert "erased" in logged
    for trace in ("zéphyrine", "quenouille", zoe.email, "zq@"):
        assert trace not in logged
    assert not client.login(username="zq", password="correct-horse-battery-42")


def test_privacy_erase_refused_for_trainers_with_courses(client):
    """A trainer who teaches a course is told to contact an administrator."""
    trainer = TrainerFactory()
    CourseFactory().trainers.add(trainer)
    client.force_login(trainer)

    response = client.post(reverse("my-data-erase"), {"username": trainer.username})

    assert "contactez un administrateur" in response.content.decode()
    trainer.refresh_from_db()
    assert trainer.is_active
    with pytest.raises(ValidationError):
        member_erase(trainer)


def test_privacy_erase_refused_for_group_leaders_and_staff():
    """Leading a group or being staff: refused, nothing changes."""
    leader = LearnerGroupFactory().trainer
    staff = StaffFactory()
    for user in (leader, staff):
        with pytest.raises(ValidationError):
            member_erase(user)
        user.refresh_from_db()
        assert user.is_active
