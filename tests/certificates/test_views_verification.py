"""The public verification page: what a partner sees for each status, what nobody
ever sees, one query per look-up, the original PDF, headers and the rate limit."""

import hashlib
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates import selectors
from certificates.codes import code_display, code_generate
from certificates.models import Certificate, VerificationLog
from tests.factories import LearnerFactory, PartnerFactory
from tests.pages import field_error

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj << /Title (Certificat) >> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.VERIFICATION_RATE_LIMIT = "1000/m"


def certificate_make(*, pdf: bytes | None = PDF_BYTES, **fields) -> Certificate:
    """An issued certificate with a stored PDF, as the render task leaves it."""
    values = {
        "code": code_generate(),
        "status": Certificate.Status.ISSUED,
        "holder_name": "Léa Martin",
        "course_title": "Mon e-mail",
        "course_language": "fr",
        "hours": "6.5",
        "competences": [
            {"code": "2.1", "name": "Interagir par le numérique", "level": 3}
        ],
        "assessment": "Quiz final réussi à 85 %",
        "issuer_name": "Le Monde des Possibles asbl",
        "issuer_company_number": "0123456749",
        "issued_on": date(2026, 10, 5),
        **fields,
    }
    if "user" not in values:
        values["user"] = LearnerFactory(email=f"lea.{values['code']}@example.org")
    certificate = Certificate(**values)
    if pdf is not None:
        certificate.pdf.save("c.pdf", ContentFile(pdf), save=False)
        certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.save()
    return certificate


def typo_of(code: str) -> str:
    return code[:-1] + ("0" if code[-1] != "0" else "1")


def text(response) -> str:
    """The page's HTML with the hash's wrap points removed."""
    return response.content.decode().replace("<wbr>", "")


def page(client, certificate_or_code):
    code = getattr(certificate_or_code, "display_code", certificate_or_code)
    return client.get(reverse("certificates:verify-code", args=[code]))


def test_views_verify_valid_shows_the_snapshot(client):
    """Status in words, name as printed, course, competences, hours, assessment,
    issuer with its number, dates, hash and a link to the original PDF."""
    certificate = certificate_make(expires_on=date(2099, 1, 1))

    response = page(client, certificate)

    html = text(response)
    assert response.status_code == 200
    assert "Valide" in html
    assert '<dd dir="auto">Léa Martin</dd>' in html
    assert '<dd lang="fr" dir="ltr">Mon e-mail</dd>' in html
    assert (
        '<span dir="ltr">2.1</span> '
        '<span lang="fr" dir="ltr">Interagir par le numérique</span> · niveau 3'
    ) in html
    assert "6,5 h" in html
    assert "Quiz final réussi à 85 %" in html
    assert "Le Monde des Possibles asbl" in html and "0123456749" in html
    assert "5 octobre 2026" in html and "1 janvier 2099" in html
    assert certificate.pdf_sha256 in html
    assert reverse("certificates:verify-pdf", args=[certificate.display_code]) in html
    assert "Télécharger le PDF original" in html


def test_views_verify_never_shows_email_other_certificates_or_reason(client):
    """F: no e-mail, no other certificate of the holder, no internal reason or id."""
    certificate = certificate_make(revoked_reason="Fraude signalée par le CPAS")
    other = certificate_make(user=certificate.user, course_title="Autre module")
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_on = date(2026, 11, 2)
    certificate.save()

    html = page(client, certificate).content.decode()

    assert certificate.user.email not in html
    assert other.code not in html and other.display_code not in html
    assert "Autre module" not in html
    assert "CPAS" not in html
    assert f"/{certificate.user.pk}/" not in html


def test_views_verify_hand_edited_pdf_is_exposed(client):
    """F4: the page shows the stored hash; an edited PDF has another one, and the
    link serves the original bytes."""
    certificate = certificate_make()
    edited = PDF_BYTES.replace(b"Certificat", b"Certifikat")

    response = page(client, certificate)
    original = client.get(
        reverse("certificates:verify-pdf", args=[certificate.display_code])
    )

    html = text(response)
    assert hashlib.sha256(PDF_BYTES).hexdigest() in html
    assert hashlib.sha256(edited).hexdigest() not in html
    assert original.status_code == 200
    assert original["Content-Disposition"].startswith("attachment")
    assert hashlib.sha256(b"".join(original.streaming_content)).hexdigest() == (
        certificate.pdf_sha256
    )


def test_views_verify_revoked_says_so_with_date_and_no_pdf(client):
    """F5: "révoqué depuis le <date>"; the original PDF is no longer offered."""
    certificate = certificate_make(
        status=Certificate.Status.REVOKED, revoked_on=date(2026, 11, 2)
    )

    html = page(client, certificate).content.decode()
    pdf = client.get(
        reverse("certificates:verify-pdf", args=[certificate.display_code])
    )

    assert "Révoqué" in html and "le 2 novembre 2026" in html
    assert "Télécharger le PDF original" not in html
    assert pdf.status_code == 404


def test_views_verify_revoked_is_unmistakable(client):
    """A revoked certificate does not read like a valid one with one different
    word: an alert heading says it is no longer valid, with the red verdict and
    its icon, and no "Valable jusqu'au : sans limite" line is left."""
    certificate = certificate_make(
        status=Certificate.Status.REVOKED, revoked_on=date(2026, 11, 2)
    )

    html = page(client, certificate).content.decode()

    verdict = html.split('role="alert"')[1].split("</section>")[0]
    assert "verdict-bad" in html.split('role="alert"')[0].rsplit("<section", 1)[1]
    assert "<h2" in verdict and "✗" in verdict
    assert "Révoqué : ce certificat n'est plus valable" in verdict
    assert "Valable jusqu" not in html and "sans limite" not in html


def test_views_verify_valid_keeps_its_validity_line(client):
    certificate = certificate_make()

    html = page(client, certificate).content.decode()

    assert "verdict-good" in html and "✓" in html
    assert "Valable jusqu" in html and "sans limite" in html


def test_views_verify_superseded_and_expired(client):
    """A replaced certificate says "remplacé" and links to nothing of the new one;
    one past its date says "expiré" since when."""
    new = certificate_make()
    old = certificate_make(status=Certificate.Status.SUPERSEDED, superseded_by=new)
    expired = certificate_make(expires_on=timezone.localdate() - timedelta(days=1))

    old_html = page(client, old).content.decode()
    expired_html = page(client, expired).content.decode()

    assert "Remplacé" in old_html and "plus récent" in old_html
    assert new.display_code not in old_html
    assert "Expiré" in expired_html and "Valide" not in expired_html


def test_views_verify_private_says_holder_chose_and_nothing_else(client):
    """Verification switched off by the holder: said in words, no field shown."""
    certificate = certificate_make(public_verification=False)

    response = page(client, certificate)

    html = text(response)
    assert response.status_code == 200
    assert "choisi de ne pas rendre ce certificat vérifiable en ligne" in html
    assert "Léa Martin" not in html and "Mon e-mail" not in html
    assert certificate.pdf_sha256 not in html
    pdf_url = reverse("certificates:verify-pdf", args=[certificate.display_code])
    assert client.get(pdf_url).status_code == 404


def test_views_verify_preparing_offers_no_pdf(client):
    """In preparation: said so, and no PDF to download yet."""
    certificate = certificate_make(status=Certificate.Status.PREPARING, pdf=None)

    html = page(client, certificate).content.decode()

    assert "En préparation" in html
    assert "Télécharger le PDF original" not in html


def test_selectors_verification_lookup_one_query_known_and_unknown(
    django_assert_num_queries,
):
    """One query for any well-formed code, found or not."""
    certificate = certificate_make()
    with django_assert_num_queries(1):
        assert selectors.verification_lookup(certificate.code).status == "valid"
    with django_assert_num_queries(1):
        assert selectors.verification_lookup(code_generate()).status == "unknown"


def test_views_verify_one_query_anonymous_known_and_unknown(
    client, django_assert_num_queries
):
    """An anonymous look-up costs exactly one query, known code or not."""
    certificate = certificate_make()
    with django_assert_num_queries(1):
        assert page(client, certificate).status_code == 200
    with django_assert_num_queries(1):
        assert page(client, code_display(code_generate())).status_code == 404


def test_views_verify_logged_in_one_query_beyond_session(client):
    """A logged-in learner costs one query more than the session and account."""
    certificate = certificate_make()
    client.force_login(LearnerFactory())
    with CaptureQueriesContext(connection) as baseline:
        client.get(reverse("certificates:verify"))
    with CaptureQueriesContext(connection) as looked_up:
        assert page(client, certificate).status_code == 200

    assert len(looked_up) == len(baseline) + 1
    certificate_queries = [
        q for q in looked_up if "certificates_certificate" in q["sql"]
    ]
    assert len(certificate_queries) == 1


def test_views_verify_typo_answered_without_query(client, django_assert_num_queries):
    """A wrong check symbol at /v/<code> says "faute de frappe" with no query."""
    with django_assert_num_queries(0):
        response = page(client, typo_of(code_generate()))
    assert response.status_code == 400
    assert "probablement une faute de frappe" in response.content.decode()


def test_views_verify_headers_on_page_form_and_pdf(client):
    """noindex everywhere; the pages keep referrers within our site only (their
    forms must pass CSRF), the original PDF sends none."""
    certificate = certificate_make()
    pages = [
        page(client, certificate),
        page(client, code_display(code_generate())),
        client.get(reverse("certificates:verify")),
    ]
    pdf = client.get(reverse("certificates:verify-pdf", args=[certificate.code]))
    for response in pages:
        assert response["X-Robots-Tag"] == "noindex"
        assert response["Referrer-Policy"] == "same-origin"
    assert pdf["X-Robots-Tag"] == "noindex"
    assert pdf["Referrer-Policy"] == "no-referrer"


def test_views_verify_forms_pass_csrf_as_a_browser_posts_them(client):
    """Under "no-referrer" Chromium posts "Origin: null" and every form on /v/
    got 403; with the page's own policy a browser sends our origin, accepted."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(PartnerFactory())
    response = page(browser, certificate_make())
    origin = (
        "null" if response["Referrer-Policy"] == "no-referrer" else "http://testserver"
    )
    token = str(response.context["csrf_token"])

    logout = browser.post(
        reverse("account_logout"),
        {"csrfmiddlewaretoken": token},
        headers={"origin": origin},
    )

    assert logout.status_code != 403


def test_views_verify_loads_no_third_party_resource(client):
    """Nothing on the page is fetched from another site."""
    html = page(client, certificate_make()).content.decode()
    for attribute in ("src=", "href="):
        for quote in "\"'":
            for remote in ("http:", "https:", "//"):
                assert f"{attribute}{quote}{remote}" not in html


def test_views_verify_rate_limited_past_the_limit(client, settings):
    """Past VERIFICATION_RATE_LIMIT: 429, a French message and Retry-After."""
    settings.VERIFICATION_RATE_LIMIT = "2/m"
    code = code_display(code_generate())
    assert page(client, code).status_code == 404
    assert page(client, code).status_code == 404

    response = page(client, code)

    assert response.status_code == 429
    assert "Trop de vérifications" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another client address has its own counter.
    other = client.get(
        reverse("certificates:verify-code", args=[code]), REMOTE_ADDR="192.0.2.7"
    )
    assert other.status_code == 404


def test_views_verify_rate_limited_keeps_the_typed_code(client, settings):
    """The 429 page offers the form again with the code already in it: nothing
    to retype in a minute."""
    settings.VERIFICATION_RATE_LIMIT = "1/m"
    code = code_display(code_generate())
    page(client, code)

    response = page(client, code)

    assert response.status_code == 429
    assert f'value="{code}"' in response.content.decode()


def test_views_verify_rate_counter_lives_in_the_shared_cache(client, settings):
    """The counter is in the cache (Redis in production), shared by the page and
    the API: what one process counted, another sees; emptying it resets it."""
    settings.VERIFICATION_RATE_LIMIT = "2/m"
    code = code_display(code_generate())
    page(client, code)
    client.get(reverse("api-verification-detail", args=[code]))

    assert page(client, code).status_code == 429
    api = client.get(reverse("api-verification-detail", args=[code]))
    assert api.status_code == 429
    assert api.json()["detail"].startswith("Trop de vérifications")
    assert "Retry-After" in api

    cache.clear()
    assert page(client, code).status_code == 404


def test_views_verify_by_partner_is_logged_for_the_holder(client):
    """A partner's look-up is logged; the holder's selector says who and when."""
    certificate = certificate_make()
    partner = PartnerFactory(organisation__name="Forem")
    client.force_login(partner)

    page(client, certificate)

    seen = selectors.verifications_seen_by_holder(user=certificate.user)
    assert [(s.certificate, s.organisation_name) for s in seen] == [
        (certificate, "Forem")
    ]
    assert seen[0].checked_at is not None


def test_views_verify_anonymous_and_learner_leave_no_log(client):
    """Only partner accounts are logged."""
    certificate = certificate_make()
    page(client, certificate)
    client.force_login(LearnerFactory())
    page(client, certificate)

    assert not VerificationLog.objects.exists()


def test_selectors_verifications_seen_by_holder_only_their_own(
    django_assert_num_queries,
):
    """The holder sees checks of their certificates only, newest first, in one query."""
    mine = certificate_make()
    theirs = certificate_make()
    partner = PartnerFactory(organisation__name="Actiris")
    for certificate in (mine, theirs, mine):
        VerificationLog.objects.create(
            certificate=certificate,
            organisation=partner.organisation,
            checked_by=partner,
        )

    with django_assert_num_queries(1):
        seen = selectors.verifications_seen_by_holder(user=mine.user)

    assert [s.certificate for s in seen] == [mine, mine]
    assert seen[0].checked_at >= seen[1].checked_at
    assert {s.organisation_name for s in seen} == {"Actiris"}


def test_views_verify_rate_limit_counts_the_client_behind_the_proxy(client, settings):
    """Behind the trusted proxy, each client address in X-Forwarded-For has its
    own counter, as log-in throttling reads it; the proxy's address is not one."""
    settings.VERIFICATION_RATE_LIMIT = "1/m"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    code = code_display(code_generate())
    url = reverse("certificates:verify-code", args=[code])

    first = client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1")
    again = client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1")
    other = client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert (first.status_code, again.status_code, other.status_code) == (
        404,
        429,
        404,
    )


def test_views_verify_partner_costs_one_look_up_and_one_log(client):
    """A logged-in partner: the look-up and the log insert, nothing more."""
    certificate = certificate_make()
    client.force_login(PartnerFactory())
    with CaptureQueriesContext(connection) as baseline:
        client.get(reverse("certificates:verify"))
    with CaptureQueriesContext(connection) as looked_up:
        page(client, certificate)

    assert len(looked_up) == len(baseline) + 2
    assert VerificationLog.objects.count() == 1


# A real code with digits in it: ABCD-4829-JKMN-T (T is its check symbol).
CODE_WITH_DIGITS = "ABCD4829JKMNT"
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.mark.parametrize(
    "typed",
    [
        "ABCD–4829—JKMN‑T",  # en dash, em dash, non-breaking hyphen
        "ABCD−4829 JKMN T",  # minus sign, no-break and thin spaces
        "ABCD-4829-JKMN-T".translate(ARABIC_DIGITS),
        "abcd ۴۸۲۹ jkmn t".translate(PERSIAN_DIGITS),
    ],
)
def test_views_verify_code_pasted_from_a_word_processor(client, typed):
    """A code pasted with en or em dashes, non-breaking hyphens or spaces, or typed
    in Arabic-Indic or Persian digits, finds its certificate from the form."""
    certificate = certificate_make(code=CODE_WITH_DIGITS)

    response = client.get(reverse("certificates:verify"), {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "certificates:verify-code", args=[certificate.display_code]
    )


def test_views_verify_pasted_dashes_answered_as_the_plain_code(client):
    """ABCD–EFGH—JKMN‑P gets the same answer as ABCD-EFGH-JKMN-P (a typo in the
    check symbol), not "a code has 13 signs"."""
    plain = client.get(reverse("certificates:verify"), {"code": "ABCD-EFGH-JKMN-P"})
    pasted = client.get(reverse("certificates:verify"), {"code": "ABCD–EFGH—JKMN‑P"})

    assert "faute de frappe" in plain.content.decode()
    assert field_error(pasted, "code") == field_error(plain, "code")
