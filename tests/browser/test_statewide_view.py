"""Issue 7, point 4 in the browser: the Landesintegrationsrat's staff open the state-wide view, filter the table,
follow a tile of the map to the table of that Kreis, open the map as a table — accessible all the way."""

import re
from pathlib import Path

import pytest

from .conftest import axe_violations, login

pytestmark = pytest.mark.browser

URL = "/k/landesintegrationsrat-nrw/landesweit/"


def _field(scope, label: str):
    """A form field by its label, whether or not the label says "– optional"."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s*– optional)?$"))


def _status(page) -> str:
    return page.locator("#koerperschaften [role=status]").inner_text()


def test_state_staff_filter_the_table_and_follow_the_map(page):
    login(page, "lir@querschnitt.example")
    page.goto(URL)
    assert page.get_by_role("heading", level=1).inner_text() == "Landesweite Übersicht"
    assert "von 1.262 Mandaten erfasst" in page.get_by_test_id("mandate").inner_text()
    tiles = page.get_by_test_id("karte").get_by_role("link")
    assert tiles.count() == 53
    assert "427 Kommunen" in _status(page)
    assert axe_violations(page) == []

    # A filter narrows the table in place (HTMX) and the address keeps it.
    _field(page, "Art der Kommune").select_option(label="Kreisfreie Stadt")
    page.wait_for_url(re.compile(r"art=kreisfreie_stadt"))
    page.wait_for_function("document.querySelector('#koerperschaften [role=status]').innerText.includes('22 ')")
    assert "22 Kommunen" in _status(page)
    assert page.get_by_test_id("koerperschaften-tabelle").get_by_role("link", name="Köln").is_visible()

    # A tile of the map, reached by keyboard, leads to the table of its Kreis.
    tile = page.get_by_test_id("karte").get_by_role("link", name=re.compile(r"Rhein-Kreis Neuss"))
    tile.focus()
    assert page.evaluate("document.activeElement.getAttribute('href')") == "?kreis=rhein-kreis-neuss#koerperschaften"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?kreis=rhein-kreis-neuss#koerperschaften$"))
    assert "9 Kommunen" in _status(page)
    table = page.get_by_test_id("koerperschaften-tabelle")
    neuss = table.get_by_role("row").filter(has=page.get_by_role("link", name="Neuss", exact=True))
    assert neuss.get_by_role("cell").first.inner_text() == "ja"  # the demo's Stadt Neuss works on the platform
    assert "von 1.262 Mandaten erfasst" in page.get_by_test_id("summe").inner_text()

    # The map as a table: the alternative to the colours.
    page.get_by_text("Als Tabelle", exact=True).click()
    alternative = page.locator("#karte-tabelle table")
    alternative.wait_for()
    assert alternative.get_by_role("row").count() == 54  # heading and the 53 areas
    assert axe_violations(page) == []

    # The CSV keeps the filter.
    with page.expect_download() as download:
        page.get_by_role("link", name="Als CSV exportieren").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert content.startswith("AGS;Name;") and len(content.strip().splitlines()) == 10
