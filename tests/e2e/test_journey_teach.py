"""Journey: Tom writes a course with a module and an illustrated lesson, previews
it, publishes it and finds it in the catalogue; the authoring forms pass axe."""

import io
import re

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.axe import assert_axe_clean
from tests.e2e.layout import small_targets
from tests.e2e.test_journey_login_cards import log_in

PASSWORD = "sirius-demo-2026"
TITLE = "Reconnaître un faux SMS"
# Shown as text, never run: no dialog may open (catalogue D1).
ATTACK = "<img src=x onerror=alert(1)> <script>alert(2)</script>"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, format="PNG")
    return buffer.getvalue()


def test_journey_teach_create_preview_publish(page, demo, settings, tmp_path):
    """Course, module, lesson with an image, preview, publish, catalogue."""
    settings.MEDIA_ROOT = str(tmp_path)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, "tom", PASSWORD)
    page.get_by_role("button", name="Mes modules (formateur)").first.click()
    page.get_by_role("button", name="Nouveau module").click()
    expect(page.locator("h1")).to_have_text("Nouveau module")
    assert_axe_clean(page)
    assert small_targets(page) == []

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Repérer les messages qui veulent vous piéger.")
    page.locator("#id_duration_hours").fill("1")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_have_text(TITLE)

    page.get_by_role("button", name="Ajouter une partie").click()
    page.locator("#id_title").fill("Les signes qui alertent")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("button", name=re.compile("Ajouter une leçon")).click()
    expect(page.locator("h1")).to_have_text("Nouvelle leçon")
    assert_axe_clean(page)
    assert small_targets(page) == []

    page.locator("#id_title").fill("Un message urgent")
    body = page.locator("#id_body_markdown")
    body.press_sequentially("Ne cliquez **jamais** sur le lien.", delay=5)
    # The live preview (htmx) shows the sanitised rendering.
    expect(page.locator("#markdown-preview strong")).to_have_text("jamais")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_have_text("Modifier la leçon")

    page.get_by_role("link", name="Ajouter une image").click()
    page.locator("#id_image").set_input_files(
        {"name": "capture.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.locator("#id_alt").fill("Un SMS qui demande de payer")
    page.get_by_role("button", name="Envoyer l'image").click()
    snippet = page.locator("#snippet").input_value()
    assert re.fullmatch(
        r"!\[Un SMS qui demande de payer\]\(/media/lessons/images/[0-9a-f]{32}\.png\)",
        snippet,
    )
    page.get_by_role("link", name="Retour à la leçon").click()
    body = page.locator("#id_body_markdown")
    body.fill(body.input_value() + "\n\n" + snippet + "\n\n" + ATTACK)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".message-success")).to_be_visible()

    page.get_by_role("link", name="Voir comme un apprenant").click()
    expect(page.locator("#lesson-text")).to_contain_text("<img src=x onerror=")
    assert dialogs == []
    expect(page.locator(".preview-banner")).to_contain_text("Aperçu")
    expect(page.locator("#lesson-text img")).to_have_attribute(
        "alt", "Un SMS qui demande de payer"
    )
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator(".preview-banner")).to_contain_text("Aperçu")
    page.get_by_role("link", name="Retour à l'édition").click()

    # A second lesson, then moved above the first with "Monter".
    page.get_by_role("button", name=re.compile("Ajouter une leçon")).click()
    page.locator("#id_title").fill("Qui vous écrit ?")
    page.locator("#id_body_markdown").fill("Regardez le numéro.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Retour au module").click()
    assert_axe_clean(page)
    assert small_targets(page) == []
    page.get_by_role("button", name="Monter la leçon « Qui vous écrit ? »").click()
    expect(page.locator(".teach-lessons li > a")).to_have_text(
        ["Qui vous écrit ?", "Un message urgent"]
    )

    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".message-success")).to_contain_text("publié")
    page.goto("/courses/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
