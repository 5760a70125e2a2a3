"""Partners verify a list of codes on a page: pasted or from a CSV file, answered
in a table and as a CSV file safe to open in a spreadsheet, each check logged."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.codes import code_generate
from certificates.models import Certificate, VerificationLog
from tests.certificates.test_views_verification import certificate_make, typo_of
from tests.factories import LearnerFactory, PartnerFactory

pytestmark = pytest.mark.django_db

URL = reverse("certificates:partner-verify")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.VERIFICATION_RATE_LIMIT = "1000/m"


@pytest.fixture
def partner_client(client):
    client.force_login(PartnerFactory(organisation__name="Forem"))
    return client


@pytest.fixture
def three():
    """One valid, one revoked certificate, and a code with a typo."""
    valid = certificate_make(holder_name="Léa Martin")
    revoked = certificate_make(
        holder_name="Tom Peeters",
        status=Certificate.Status.REVOKED,
        revoked_on=date(2026, 11, 2),
    )
    return valid, revoked, typo_of(code_generate())


def test_views_partner_bulk_three_codes_on_the_page(partner_client, three):
    """Three pasted codes, three right answers in a table; two logs, none for the
    typo; the holders can see that Forem checked."""
    valid, revoked, typo = three
    # A code typed with spaces inside stays one code.
    pasted = f"{valid.display_code}\n{revoked.display_code.replace('-', ' ')}, {typo}"

    response = partner_client.post(URL, {"codes": pasted})

    html = response.content.decode()
    assert response.status_code == 200
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    assert len(rows) == 3
    assert "Valide" in rows[0] and "Léa Martin" in rows[0]
    assert "Révoqué" in rows[1] and "Tom Peeters" in rows[1]
    assert "Faute de frappe probable" in rows[2] and typo in rows[2]
    assert "Télécharger en CSV" in html
    assert response["X-Robots-Tag"] == "noindex"
    assert VerificationLog.objects.count() == 2
    assert set(
        VerificationLog.objects.values_list("organisation__name", flat=True)
    ) == {"Forem"}


def test_views_partner_bulk_csv_download(partner_client, three):
    """The CSV has the same three answers, with the code as typed."""
    valid, revoked, typo = three
    codes = f"{valid.code}, {revoked.code}, {typo}"

    response = partner_client.post(URL, {"codes": codes, "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content.startswith("\ufeff".encode())  # UTF-8 for Excel
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][:4] == [valid.code, "valide", "Léa Martin", "Mon e-mail"]
    assert rows[1][4] == "2026-10-05"
    assert rows[2][:3] == [revoked.code, "révoqué", "Tom Peeters"]
    assert rows[3] == [typo, "faute de frappe probable", "", "", ""]


def test_views_partner_bulk_csv_guards_against_formulas(partner_client):
    """A holder name or a typed code starting like a formula is defused."""
    certificate = certificate_make(holder_name='=HYPERLINK("http://x")')

    response = partner_client.post(
        URL, {"codes": f"{certificate.code}, +cmd", "format": "csv"}
    )

    assert response.content.startswith("\ufeff".encode())  # UTF-8 for Excel
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][2] == '\'=HYPERLINK("http://x")'
    assert rows[2][0] == "'+cmd"


def test_views_partner_bulk_csv_upload(partner_client, three):
    """A CSV file (header, semicolons, first column) is read like pasted codes."""
    valid, revoked, typo = three
    content = f"Code;Nom\n{valid.display_code};Léa\n{revoked.code};Tom\n{typo};?\n"
    upload = SimpleUploadedFile(
        "codes.csv", content.encode("utf-8-sig"), content_type="text/csv"
    )

    response = partner_client.post(URL, {"file": upload})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<tr class="status-') == 3
    assert VerificationLog.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("codes.xlsx", b"PK\x03\x04", "pas un CSV", id="not-csv"),
        pytest.param("codes.csv", b"A" * 70_000, "trop grand", id="huge"),
        pytest.param("codes.csv", b"\x00\x01\x02", "ne se lit pas", id="binary"),
    ],
)
def test_views_partner_bulk_refuses_bad_files(partner_client, name, content, message):
    """Not a CSV, or far too large: a message, nothing looked up."""
    upload = SimpleUploadedFile(name, content, content_type="text/csv")

    response = partner_client.post(URL, {"file": upload})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not VerificationLog.objects.exists()


def test_views_partner_bulk_refuses_more_than_200(partner_client):
    """201 codes: said so, nothing looked up."""
    codes = "\n".join(code_generate() for _ in range(201))

    response = partner_client.post(URL, {"codes": codes})

    assert response.status_code == 400
    assert "Au plus 200 codes" in response.content.decode()


def test_views_partner_bulk_constant_queries(partner_client):
    """5 codes or 100: the same number of queries (one look-up, one log insert)."""
    counts = []
    for count in (5, 100):
        codes = "\n".join(certificate_make(pdf=None).code for _ in range(count))
        with CaptureQueriesContext(connection) as queries:
            partner_client.post(URL, {"codes": codes})
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_views_partner_bulk_partners_only(client):
    """Visitors go to the log-in page; learners get 403."""
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

    client.force_login(LearnerFactory())
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"codes": code_generate()}).status_code == 403


def test_views_partner_bulk_codes_pasted_from_a_word_processor(partner_client):
    """Codes pasted from a document, with dashes, no-break spaces and Arabic-Indic
    digits, are each found."""
    first = certificate_make(code="ABCD4829JKMNT", holder_name="Léa Martin")
    second = certificate_make(holder_name="Tom Peeters")
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    pasted = (
        "ABCD–4829—JKMN‑T".translate(arabic)
        + "\n"
        + second.display_code.replace("-", "\u00a0")
    )

    response = partner_client.post(URL, {"codes": pasted})

    html = response.content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    assert len(rows) == 2
    assert "Valide" in rows[0] and first.holder_name in rows[0]
    assert "Valide" in rows[1] and second.holder_name in rows[1]


def test_views_partner_bulk_too_big_paste_speaks_of_codes(settings):
    """A paste over the upload limit is refused in a partner's words (codes sent
    in several sendings), never "en plusieurs leçons" as the shared page says
    for lessons. CSRF checks on: the middleware is what reads the body first."""
    from django.test import Client

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(PartnerFactory())
    token = client.get(URL).context["csrf_token"]

    response = client.post(
        URL, {"codes": "ABCD-EFGH-JKMN-P\n" * 100, "csrfmiddlewaretoken": str(token)}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "leçons" not in html
    assert "plusieurs envois" in html


def test_views_partner_bulk_xlsx_reads_back_and_defuses_formulas(partner_client):
    """The "Télécharger en Excel" button gives a workbook with the same rows."""
    from openpyxl import load_workbook

    certificate = certificate_make(holder_name='=HYPERLINK("http://x")')

    page = partner_client.post(URL, {"codes": certificate.code}).content.decode()
    assert 'name="format" value="xlsx"' in page
    response = partner_client.post(URL, {"codes": certificate.code, "format": "xlsx"})

    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "code saisi"
    assert rows[1][0] == certificate.code
    assert rows[1][2] == '\'=HYPERLINK("http://x")'
