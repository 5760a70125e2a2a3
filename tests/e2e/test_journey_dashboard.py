"""Journey: a trainer follows their learners' progress on the course dashboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.layout import page_width, small_targets
from tests.e2e.test_journey_login_cards import PASSWORD, log_in

DASHBOARD = "/teach/dashboard/premiers-pas-smartphone/"


@pytest.mark.parametrize(
    ("language", "size"),
    [
        pytest.param("fr", DESKTOP, id="fr-1280x800"),
        pytest.param("ar", PHONE, id="ar-360x740"),
    ],
)
def test_journey_dashboard_trainer_sees_lea_halfway(new_context, demo, language, size):
    """Tom opens the dashboard, sees Léa at 44 % (4 of 9 steps); axe finds nothing."""
    page = new_context(language=language, size=size).new_page()
    log_in(page, "tom", PASSWORD)
    page.goto("/")
    page.locator(f"a[href='{DASHBOARD}']").click()
    expect(page).to_have_url(re.compile(re.escape(DASHBOARD) + "$"))

    row = page.locator("table.learners tbody tr", has_text="Léa")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("44 %")
    # The chart agrees with the table: Léa and whoever else is between 25 and 49 %.
    halfway = sum(
        25 <= int(re.search(r"(\d+) %", text).group(1)) <= 49
        for text in page.locator("table.learners tbody tr").all_inner_texts()
    )
    assert halfway >= 1
    expect(page.locator("svg[role=img]")).to_have_attribute(
        "aria-label", re.compile(f"25–49 % : {halfway}( |;|$)")
    )
    assert_axe_clean(page)
    assert small_targets(page) == []
    assert page_width(page) <= size["width"]
