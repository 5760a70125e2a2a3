"""Journey: "Mes données". A learner with a finished course, a certificate and
H5P activity opens the page from home, downloads her data (a JSON file that
parses and holds her account), then erases her account by retyping her username:
she is logged out, and a partner reading her certificate sees it valid with the
erased-holder message. axe: no violation on "Mes données" in fr and ar."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from members.models import User
from tests.e2e.axe import assert_axe_clean
from tests.e2e.quiz import log_in
from tests.lms.privacy_factories import member_make

ERASED = "Les données personnelles du titulaire ont été effacées à sa demande."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_journey_my_data_download_then_erase(new_context, digcomp, media, language):
    zoe = member_make(first_name="Zoé", last_name="Quenouille", username="zoe.q")
    code = zoe.certificate.display_code
    page = new_context(language=language).new_page()
    log_in(page, zoe.user)

    page.goto("/")
    page.locator("main a[href='/me/data/']").click()
    expect(page.locator("main a[href='/me/data/download/']")).to_be_visible()
    expect(page.locator("main")).to_contain_text(zoe.partner.organisation.name)
    assert_axe_clean(page)

    with page.expect_download() as download_info:
        page.locator("main a[href='/me/data/download/']").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["members"]["account"]["username"] == "zoe.q"
    assert data["certificates"]["certificates"][0]["code"] == code

    page.locator("main a[href='/me/data/erase/']").click()
    page.locator("input[name='username']").fill("zoe.q")
    page.locator("main form button[type='submit']").click()

    expect(page.locator("form[action$='/accounts/logout/'] button")).to_have_count(0)
    expect(page.locator(".message")).to_be_visible()
    erased = User.objects.get(pk=zoe.user.pk)
    assert erased.username.startswith("effacé-")
    assert erased.email == ""

    partner_page = new_context().new_page()
    log_in(partner_page, zoe.partner)
    partner_page.goto(f"/v/{code}")
    expect(partner_page.locator("main")).to_contain_text(ERASED)
    expect(partner_page.locator("main")).to_contain_text(zoe.certificate.course_title)
    expect(partner_page.locator("main")).not_to_contain_text("Quenouille")
