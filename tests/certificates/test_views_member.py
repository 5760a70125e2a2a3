"""'Mes certificats': only mine, status in words, the PDF, the share panel, the
public switch, in a constant number of queries."""

from datetime import date
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from certificates.codes import code_generate
from certificates.models import Certificate, VerificationLog
from tests.factories import CourseFactory, LearnerFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7 test certificate"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SITE_URL = "https://sirius.example"


def certificate_make(*, user, course=None, pdf=True, **fields) -> Certificate:
    """A certificate row as issuance leaves it (quick: no quiz, no rendering)."""
    course = course or CourseFactory()
    values = {
        "code": code_generate(),
        "status": Certificate.Status.ISSUED,
        "user": user,
        "course": course,
        "holder_name": user.get_full_name() if user else "Ancien titulaire",
        "course_title": course.title,
        "course_language": "fr",
        "hours": 2,
        "issuer_name": "Le Monde des Possibles asbl (Sirius Hub)",
        "issuer_company_number": "0123456789",
        "issued_on": date(2026, 11, 3),
        **fields,
    }
    certificate = Certificate.objects.create(**values)
    if pdf:
        certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(PDF_BYTES))
    return certificate


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("certificates:mine"))
    assert response.status_code == 200
    return response.content.decode()


def test_views_member_list_shows_only_mine(client):
    """My certificates appear; another learner's never do."""
    me, other = LearnerFactory(), LearnerFactory()
    mine = certificate_make(user=me, course=CourseFactory(title="Mon e-mail"))
    theirs = certificate_make(user=other, course=CourseFactory(title="Leur module"))

    html = _page(client, me)

    assert "Mon e-mail" in html and mine.display_code in html
    assert "Leur module" not in html and theirs.display_code not in html


def test_views_member_list_login_required(client):
    """A visitor is sent to log in."""
    response = client.get(reverse("certificates:mine"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_views_member_list_status_in_words(client):
    """Each status in plain words; a replaced one links to the new one; a card in
    preparation asks for itself again until it is ready (no meta refresh)."""
    me = LearnerFactory()
    new = certificate_make(user=me, course=CourseFactory(title="Nouveau"))
    certificate_make(
        user=me,
        status=Certificate.Status.SUPERSEDED,
        superseded_by=new,
        course=new.course,
    )
    certificate_make(
        user=me,
        status=Certificate.Status.REVOKED,
        revoked_on=date(2026, 11, 20),
        revoked_reason="Fraude constatée",
    )
    certificate_make(user=me, expires_on=date(2026, 11, 4))
    html = _page(client, me)
    assert "Valide" in html
    assert "Expiré" in html
    assert "Révoqué" in html and "20 novembre 2026" in html
    assert "Fraude constatée" not in html  # the reason stays internal
    assert "Remplacé" in html
    assert f'href="#certificate-{new.pk}"' in html
    # Only the valid and the expired one offer their PDF, not the revoked or replaced
    assert html.count("Télécharger le PDF") == 2
    assert "hx-trigger" not in html

    certificate_make(user=me, status=Certificate.Status.PREPARING, pdf=False)
    html = _page(client, me)
    assert "En préparation" in html
    assert "prêt dans quelques instants" in html
    assert html.count('hx-trigger="every 10s"') == 1  # only that card asks again
    assert 'http-equiv="refresh"' not in html  # WCAG 2.2.1


def test_views_member_share_panel(client):
    """A valid certificate: the verification link in a labelled read-only field,
    the QR code as an image with a text alternative, and LinkedIn's link."""
    me = LearnerFactory()
    certificate = certificate_make(user=me)
    html = _page(client, me)
    url = f"https://sirius.example/v/{certificate.display_code}"
    assert f'<label for="link-{certificate.pk}">' in html
    assert f'id="link-{certificate.pk}" type="url" readonly value="{url}"' in html
    assert 'src="data:image/svg+xml' in html
    assert 'alt="QR code' in html
    assert "Ajouter à LinkedIn" in html


def test_views_member_linkedin_link_values(client):
    """LinkedIn's add-certification URL carries the course title, the issuer, the
    issue month and year, the verification URL and the code, all encoded."""
    me = LearnerFactory()
    course = CourseFactory(title="Word & Excel : débuter")
    certificate = certificate_make(user=me, course=course)
    html = _page(client, me)
    start = html.index('href="https://www.linkedin.com/profile/add?')
    href = unescape(html[start + 6 : html.index('"', start + 6)])
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "www.linkedin.com",
        "/profile/add",
    )
    assert "&" not in parts.query.split("name=")[1].split("&organizationName")[0]
    query = parse_qs(parts.query)
    assert query == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["Word & Excel : débuter"],
        "organizationName": ["Le Monde des Possibles asbl (Sirius Hub)"],
        "issueYear": ["2026"],
        "issueMonth": ["11"],
        "certUrl": [f"https://sirius.example/v/{certificate.display_code}"],
        "certId": [certificate.display_code],
    }


def test_views_member_no_share_for_revoked_or_private(client):
    """Nothing to share for a revoked certificate; a private one says how to
    switch verification back on instead of giving a dead link."""
    me = LearnerFactory()
    certificate_make(
        user=me, status=Certificate.Status.REVOKED, revoked_on=date(2026, 11, 20)
    )
    html = _page(client, me)
    assert "Ajouter à LinkedIn" not in html

    Certificate.objects.all().delete()
    certificate_make(user=me, public_verification=False)
    html = _page(client, me)
    assert "Ajouter à LinkedIn" not in html
    assert "Vérification publique : désactivée" in html
    assert "Activer la vérification publique" in html


def test_views_member_pdf_download_mine_only(client):
    """I download my PDF; someone else's code is a 404, as is an unknown one."""
    me, other = LearnerFactory(), LearnerFactory()
    mine = certificate_make(user=me)
    theirs = certificate_make(user=other)
    client.force_login(me)

    response = client.get(reverse("certificates:pdf", args=[mine.display_code]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]

    response = client.get(reverse("certificates:pdf", args=[theirs.display_code]))
    assert response.status_code == 404
    response = client.get(reverse("certificates:pdf", args=["nonsense"]))
    assert response.status_code == 404


def test_views_member_visibility_switch(client):
    """The holder switches public verification off, then on again."""
    me = LearnerFactory()
    certificate = certificate_make(user=me)
    client.force_login(me)
    url = reverse("certificates:visibility", args=[certificate.display_code])

    response = client.post(url, {"public": "0"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.public_verification is False
    assert certificate.status == Certificate.Status.ISSUED

    response = client.post(url, {"public": "1"}, follow=True)
    certificate.refresh_from_db()
    assert certificate.public_verification is True
    assert "Vérification publique activée" in response.content.decode()


def test_views_member_visibility_by_another_learner_404(client):
    """Another learner cannot switch my certificate: 404, unchanged; GET refused."""
    certificate = certificate_make(user=LearnerFactory())
    url = reverse("certificates:visibility", args=[certificate.display_code])
    client.force_login(LearnerFactory())
    assert client.post(url, {"public": "0"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.public_verification is True
    client.force_login(certificate.user)
    assert client.get(url).status_code == 405


def test_views_member_partner_checks_shown(client):
    """'Forem a vérifié votre certificat « … » 1 fois le …' from the partner log."""

    me = LearnerFactory()
    certificate = certificate_make(user=me, course=CourseFactory(title="Mon e-mail"))
    VerificationLog.objects.create(
        certificate=certificate,
        organisation=OrganisationFactory(name="Forem"),
        checked_at=timezone.make_aware(timezone.datetime(2026, 11, 25, 10, 0)),
    )
    html = _page(client, me)
    # The organisation and the course title are isolated inside the sentence.
    assert (
        "<bdi>Forem</bdi> a vérifié votre certificat « "
        '<bdi lang="fr" dir="ltr">Mon e-mail</bdi> » 1 fois le 25 novembre 2026'
    ) in unescape(html)


@pytest.mark.parametrize("count", [1, 10])
def test_views_member_list_constant_queries(client, django_assert_num_queries, count):
    """The page costs the same number of queries for 1 or 10 certificates, some
    of them replaced."""
    me = LearnerFactory()
    previous = None
    for _ in range(count):
        current = certificate_make(user=me)
        if previous is not None:
            previous.status = Certificate.Status.SUPERSEDED
            previous.superseded_by = current
            previous.save()
        previous = current
    client.force_login(me)
    # session, user, certificates (with their replacements), partner checks
    with django_assert_num_queries(4):
        response = client.get(reverse("certificates:mine"))
    assert response.content.decode().count('class="certificate-card"') == count


def test_views_member_home_links_to_my_certificates(client):
    """The learner's home page leads to 'Mes certificats'."""
    client.force_login(LearnerFactory())
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("certificates:mine")}"' in html
    assert "Mes certificats" in html


def _checks(certificate, organisation, day: int, times: int) -> None:
    for minute in range(times):
        VerificationLog.objects.create(
            certificate=certificate,
            organisation=organisation,
            checked_at=timezone.make_aware(
                timezone.datetime(2026, 11, day, 10, minute)
            ),
        )


def test_views_member_partner_checks_grouped_by_organisation_and_day(client):
    """30 look-ups by Forem in one session are one line, "30 fois"; another day
    or another organisation is its own line, newest first."""
    me = LearnerFactory()
    certificate = certificate_make(user=me, course=CourseFactory(title="Mon e-mail"))
    forem, actiris = (
        OrganisationFactory(name="Forem"),
        OrganisationFactory(name="Actiris"),
    )
    _checks(certificate, forem, 25, 30)
    _checks(certificate, forem, 26, 1)
    _checks(certificate, actiris, 25, 2)

    html = unescape(_page(client, me))

    section = html.split('id="verifications"')[1]
    lines = section.split("</ul>")[0].split("<li>")[1:]
    assert len(lines) == 3
    assert "<bdi>Forem</bdi>" in lines[0] and "» 1 fois le 26 novembre 2026" in lines[0]
    assert "30 fois le 25 novembre 2026" in section
    assert "<bdi>Actiris</bdi>" in section and "2 fois le 25 novembre" in section


def test_views_member_partner_checks_paged(client):
    """More than a page of checks: the first page has 20 lines and a link to
    the older ones, which are on page 2."""
    me = LearnerFactory()
    certificate = certificate_make(user=me)
    for number in range(23):
        _checks(certificate, OrganisationFactory(name=f"Org {number}"), 25, 1)
    client.force_login(me)

    first = client.get(reverse("certificates:mine")).content.decode()
    second = client.get(reverse("certificates:mine"), {"checks": 2}).content.decode()

    def count(html):
        return (
            html.split('class="verification-checks"')[1].split("</ul>")[0].count("<li>")
        )

    assert count(first) == 20 and count(second) == 3
    assert "Vérifications plus anciennes" in first and "?checks=2" in first
    assert "Vérifications plus récentes" in second


@pytest.mark.parametrize("organisations", [1, 8])
def test_views_member_partner_checks_constant_queries(
    client, django_assert_num_queries, organisations
):
    """Grouping and paging cost two queries (count, one page) however many
    checks and organisations."""
    me = LearnerFactory()
    certificate = certificate_make(user=me)
    for number in range(organisations):
        _checks(certificate, OrganisationFactory(name=f"Org {number}"), 25, 3)
    client.force_login(me)
    # session, user, certificates, partner checks: count and page
    with django_assert_num_queries(5):
        response = client.get(reverse("certificates:mine"))
    assert response.content.decode().count("3 fois le") == organisations
