"""The report as a PDF: asked for from the page, a status page until it is
ready, and a download only for whoever asked (and staff)."""

import html
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reports.models import ReportExport
from tests.factories import LearnerFactory, OrganisationFactory, StaffFactory
from tests.reports.factories import ReportExportFactory, coordinator_of

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("reports:export-create")
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}
SMALL_COUNT_ALONE = re.compile(r"^\s*[1-4]\s*$", re.MULTILINE)


def _ask(client, data=None):
    return client.post(CREATE_URL, data or MARCH)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_views_export_report_page_offers_the_pdf(client, coordinator):
    """The page's POST form carries the period shown."""
    client.force_login(coordinator)

    page = client.get(reverse("reports:report-detail"), MARCH).content.decode()

    assert f'action="{CREATE_URL}"' in page
    assert 'name="start" value="2026-03-01"' in page
    assert 'name="end" value="2026-03-31"' in page


def test_views_export_create_sends_to_a_status_page_with_the_link(
    client, coordinator, media_root, django_capture_on_commit_callbacks
):
    """Tasks run eagerly here: the status page already has the download link."""
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client)

    export = ReportExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == export.get_absolute_url()
    assert export.requester == coordinator
    assert export.organisation == coordinator.organisation
    assert export.language == "fr"
    page = client.get(response["Location"]).content.decode()
    assert "Le rapport est prêt." in page
    assert reverse("reports:export-file", args=[export.pk]) in page


def test_views_export_status_says_in_preparation_and_asks_again(client, coordinator):
    """Until the worker is done: the words, htmx polling, and a plain link."""
    export = ReportExportFactory(requester=coordinator)
    client.force_login(coordinator)

    page = client.get(export.get_absolute_url()).content.decode()

    assert "Le rapport est en préparation…" in page
    assert 'hx-trigger="every 3s"' in page
    assert 'role="status"' in page
    assert "style=" not in page and "<script>" not in page
    partial = client.get(export.get_absolute_url(), headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert "en préparation" in partial.content.decode()


def test_views_export_status_of_a_failed_export_says_what_to_do(client, coordinator):
    export = ReportExportFactory(requester=coordinator, state=ReportExport.State.FAILED)
    client.force_login(coordinator)

    page = client.get(export.get_absolute_url()).content.decode()

    assert "demandez-le encore" in page
    assert "hx-trigger" not in page


def test_views_export_pdf_has_the_report_and_no_small_count(
    client, coordinator, media_root, django_capture_on_commit_callbacks
):
    """Organisation, period, "< 5" where the page has it; no count from 1 to 4."""
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client)
    export = ReportExport.objects.get()

    response = client.get(reverse("reports:export-file", args=[export.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "rapport-impact-2026-03-01-2026-03-31.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    assert "Maison de quartier" in text
    assert "01/03/2026" in text and "31/03/2026" in text
    assert "< 5" in text
    assert "Certificats par module" in text
    assert "Rapport créé le" in text
    # 3 certificates, 3 completions: never written as such.
    assert not SMALL_COUNT_ALONE.search(text), text
    assert not re.search(r"(Premiers pas|Modules terminés)\s+[1-4]\b", text), text


def test_views_export_pdf_in_arabic(
    client, coordinator, media_root, django_capture_on_commit_callbacks
):
    """Asked for in Arabic, the PDF is rendered in Arabic (right to left)."""
    client.force_login(coordinator)
    client.cookies["django_language"] = "ar"
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client)
    export = ReportExport.objects.get()

    assert export.language == "ar"
    assert export.state == ReportExport.State.READY
    content = b"".join(
        client.get(reverse("reports:export-file", args=[export.pk])).streaming_content
    )
    assert content.startswith(b"%PDF")


def test_views_export_refused_to_learners(client):
    client.force_login(LearnerFactory())

    assert _ask(client).status_code == 403
    assert not ReportExport.objects.exists()


def test_views_export_coordinator_cannot_ask_for_another_organisation(
    client, coordinator
):
    other = OrganisationFactory()
    client.force_login(coordinator)

    assert _ask(client, {**MARCH, "organisation": other.pk}).status_code == 403
    assert not ReportExport.objects.exists()


def test_views_export_bad_period_is_explained(client, coordinator):
    client.force_login(coordinator)

    response = _ask(client, {"start": "2026-03-31", "end": "2026-03-01"})

    assert response.status_code == 400
    assert "le même jour que le début" in response.content.decode()
    assert not ReportExport.objects.exists()


def test_views_export_get_is_not_allowed(client, coordinator):
    client.force_login(coordinator)

    assert client.get(CREATE_URL, MARCH).status_code == 405


def test_views_export_only_the_requester_and_staff_download(
    client, coordinator, media_root, django_capture_on_commit_callbacks
):
    """Another coordinator, even of the same organisation, gets a 404; so does
    a coordinator of another organisation; staff may download it."""
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client)
    export = ReportExport.objects.get()
    urls = [export.get_absolute_url(), reverse("reports:export-file", args=[export.pk])]

    for someone in (
        coordinator_of(coordinator.organisation),
        coordinator_of(OrganisationFactory()),
    ):
        client.force_login(someone)
        assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(LearnerFactory())
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(StaffFactory())
    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_views_export_requester_who_left_the_organisation_gets_404(
    client, coordinator, media_root, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client)
    export = ReportExport.objects.get()
    coordinator.organisation = OrganisationFactory()
    coordinator.save(update_fields=["organisation"])

    assert (
        client.get(reverse("reports:export-file", args=[export.pk])).status_code == 404
    )


def test_views_export_not_ready_has_no_download(client, coordinator):
    export = ReportExportFactory(requester=coordinator)
    client.force_login(coordinator)

    assert (
        client.get(reverse("reports:export-file", args=[export.pk])).status_code == 404
    )


def test_views_export_older_than_a_day_is_gone(client, coordinator):
    export = ReportExportFactory(requester=coordinator, state=ReportExport.State.READY)
    ReportExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    client.force_login(coordinator)

    assert client.get(export.get_absolute_url()).status_code == 404


def test_views_export_files_are_not_served_as_media(client, coordinator, settings):
    """The PDFs' folder is private: only the view above sends them."""
    settings.SERVE_MEDIA = True

    assert client.get("/media/reports/anything.pdf").status_code == 404


def test_views_export_past_the_daily_limit_says_so_on_the_report(
    client, coordinator, monkeypatch
):
    """The refusal is a message on the report of the same period, not an error."""
    monkeypatch.setattr("reports.services.EXPORTS_PER_DAY", 0)
    client.force_login(coordinator)

    response = _ask(client)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reports:report-detail"))
    assert "start=2026-03-01" in response["Location"]
    assert "csrfmiddlewaretoken" not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "réessayez demain" in html.unescape(page)
    assert not ReportExport.objects.exists()


def test_views_export_lost_in_preparation_stops_asking(client, coordinator):
    """Pending long after any render (broker down): what to do, no more polling."""
    export = ReportExportFactory(requester=coordinator)
    ReportExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - timedelta(minutes=11)
    )
    client.force_login(coordinator)

    page = client.get(export.get_absolute_url()).content.decode()

    assert "demandez-le encore" in page
    assert "hx-trigger" not in page
