"""Trainers and staff manage a course's certificates: list, revoke with an internal
reason, re-issue; another trainer's course is a 404, a learner gets a 403."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from certificates.models import Certificate
from tests.certificates.factories import completed_enrollment
from tests.certificates.test_views_member import certificate_make
from tests.factories import CourseFactory, LearnerFactory, StaffFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SITE_URL = "https://sirius.example"


@pytest.fixture
def trainer():
    return TrainerFactory()


@pytest.fixture
def certificate(trainer) -> Certificate:
    course = CourseFactory(title="Mon e-mail", trainers=[trainer])
    return certificate_make(user=LearnerFactory(), course=course)


def _revoke(client, user, certificate, reason="Nom usurpé, vu avec l'équipe"):
    client.force_login(user)
    url = reverse("certificates:revoke", args=[certificate.pk])
    return client.post(url, {"reason": reason})


def test_views_manage_list_for_course_trainer(client, trainer, certificate):
    """The trainer sees holder, code, status, date and the two actions."""
    other = certificate_make(user=LearnerFactory())  # another course
    client.force_login(trainer)
    response = client.get(
        reverse("certificates:course-certificates", args=[certificate.course_id])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert certificate.holder_name in html and certificate.display_code in html
    assert "Valide" in html and "3 novembre 2026" in html
    assert reverse("certificates:revoke", args=[certificate.pk]) in html
    assert reverse("certificates:reissue", args=[certificate.pk]) in html
    assert other.display_code not in html


def test_views_manage_course_page_links_to_certificates(client, trainer, certificate):
    """The trainer's course page has a 'Certificats' link."""
    client.force_login(trainer)
    response = client.get(reverse("teach:course-detail", args=[certificate.course_id]))
    assert (
        reverse("certificates:course-certificates", args=[certificate.course_id])
        in response.content.decode()
    )


def test_views_manage_list_other_trainer_404_learner_403(client, certificate):
    """Another trainer's course is a 404; a learner is refused with a 403."""
    url = reverse("certificates:course-certificates", args=[certificate.course_id])
    client.force_login(TrainerFactory())
    assert client.get(url).status_code == 404
    client.force_login(certificate.user)
    assert client.get(url).status_code == 403


def test_views_manage_revoke_then_public_page_says_revoked(
    client, trainer, certificate
):
    """The course's trainer revokes; the verification page then says 'révoqué'
    with today's date and never the reason."""
    response = _revoke(client, trainer, certificate)
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_on == timezone.localdate()

    client.logout()
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "évoqué" in page  # "Révoqué" or "révoqué"
    assert date_format(timezone.localdate(), "DATE_FORMAT") in page
    assert "usurpé" not in page


def test_views_manage_revoke_form_needs_reason(client, trainer, certificate):
    """Without a reason the form says so, and nothing changes."""
    response = _revoke(client, trainer, certificate, reason="  ")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode() or "errorlist" in (
        response.content.decode()
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def test_views_manage_revoke_twice_says_so(client, trainer, certificate):
    """A second revocation is refused with a message, the first one kept."""
    _revoke(client, trainer, certificate)
    response = _revoke(client, trainer, certificate, reason="Autre raison")
    assert response.status_code == 200
    assert "déjà révoqué" in response.content.decode()
    certificate.refresh_from_db()
    assert "usurpé" in certificate.revoked_reason


def test_views_manage_revoke_by_other_trainer_404_unchanged(client, certificate):
    """Another trainer: 404 on the form and on the POST; nothing changes."""
    stranger = TrainerFactory()
    client.force_login(stranger)
    url = reverse("certificates:revoke", args=[certificate.pk])
    assert client.get(url).status_code == 404
    assert _revoke(client, stranger, certificate).status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.revoked_reason == ""


def test_views_manage_revoke_by_learner_403(client, certificate):
    """A learner, even the holder, gets a 403; nothing changes."""
    assert _revoke(client, certificate.user, certificate).status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def test_views_manage_staff_acts_on_any_course(client, certificate):
    """Staff see and revoke certificates of courses they do not teach."""
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("certificates:course-certificates", args=[certificate.course_id])
    assert client.get(url).status_code == 200
    assert _revoke(client, staff, certificate).status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED


def test_views_manage_reissue_confirm_then_new_code(
    client, django_capture_on_commit_callbacks
):
    """A confirm page, then a new certificate: new code, old one superseded and
    pointing to it, exactly one active."""
    trainer = TrainerFactory()
    enrollment = completed_enrollment()
    enrollment.course.trainers.add(trainer)
    from certificates import services

    with django_capture_on_commit_callbacks(execute=True):
        old = services.certificate_issue(enrollment=enrollment)
    client.force_login(trainer)
    url = reverse("certificates:reissue", args=[old.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Oui, réémettre" in confirm.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    old.refresh_from_db()
    assert old.status == Certificate.Status.SUPERSEDED
    new = old.superseded_by
    assert new is not None and new.code != old.code
    assert new.display_code in response.content.decode()
    active = Certificate.objects.filter(
        user=enrollment.user, course=enrollment.course, status__in=Certificate.ACTIVE
    )
    assert list(active) == [new]


def test_views_manage_reissue_by_other_trainer_or_learner(client, certificate):
    """Another trainer: 404; a learner: 403; no new certificate either way."""
    url = reverse("certificates:reissue", args=[certificate.pk])
    client.force_login(TrainerFactory())
    assert client.post(url).status_code == 404
    client.force_login(certificate.user)
    assert client.post(url).status_code == 403
    assert Certificate.objects.count() == 1
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def test_views_manage_reissue_refused_shows_message(client, trainer, certificate):
    """Re-issuing a revoked certificate is refused in words on the page."""
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_on = date(2026, 11, 20)
    certificate.save()
    client.force_login(trainer)
    response = client.post(reverse("certificates:reissue", args=[certificate.pk]))
    assert response.status_code == 200
    assert "révoqué ne peut pas être réémis" in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_views_manage_list_constant_queries(
    client, django_assert_num_queries, trainer, count
):
    """The list costs the same for 1 or 10 certificates."""
    course = CourseFactory(trainers=[trainer])
    for _ in range(count):
        certificate_make(user=LearnerFactory(), course=course, pdf=False)
    client.force_login(trainer)
    url = reverse("certificates:course-certificates", args=[course.pk])
    # session, user, course, certificates
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.content.decode().count('<code dir="ltr">') == count
