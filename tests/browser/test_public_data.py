"""Issue 8, points 5 and 6 in the browser: the committee office of the Rhein-Kreis Neuss publishes its public page
with a summary in Leichte Sprache; an anonymous visitor reads the page and the concept, downloads the open data as a
zip and compares an indicator across the towns. axe checks the public pages."""

import io
import re
import zipfile

import pytest

from .conftest import axe_violations, follow, login

pytestmark = pytest.mark.browser

SUMMARY = "Der Kreis hat einen Plan für gutes Zusammenleben. Auf dieser Seite sehen Sie, was schon geschafft ist."
REFUGEES = "Anzahl der Flüchtlinge steigt in den Integrationskursen"


def _field(scope, label: str):
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s*– optional)?$"))


def test_the_office_publishes_and_the_public_reads_and_downloads(page):
    login(page, "geschaeftsstelle@querschnitt.example")
    page.goto("/k/rhein-kreis-neuss/oeffentliche-seite/")
    assert page.get_by_role("heading", level=1).inner_text() == "Öffentliche Seite"
    _field(page, "Öffentliche Seite veröffentlichen").check()
    _field(page, "Zusammenfassung in Leichter Sprache").fill(SUMMARY)
    assert axe_violations(page) == []
    follow(page.get_by_role("button", name="Speichern"))
    page.get_by_text("Die öffentliche Seite ist veröffentlicht.").wait_for()

    # An anonymous visitor, in a browser context of its own.
    visitor = page.context.browser.new_context(base_url=page.url.split("/k/")[0], locale="de-DE")
    public = visitor.new_page()
    try:
        public.goto("/daten/")
        assert axe_violations(public) == []
        follow(public.get_by_role("link", name="Rhein-Kreis Neuss").first)
        public.get_by_role("heading", level=2, name="In Leichter Sprache").wait_for()
        assert public.locator("section#leichte-sprache[lang='de']").inner_text().count("Zusammenleben") == 1
        assert public.get_by_role("heading", level=2, name="Das Konzept und sein Fortschritt").is_visible()
        assert public.get_by_role("heading", level=3, name="Bildung").is_visible()
        assert axe_violations(public) == []

        with public.expect_download() as info:
            public.get_by_role("link", name="Alle Daten herunterladen (ZIP)").click()
        archive = zipfile.ZipFile(io.BytesIO(open(info.value.path(), "rb").read()))  # noqa: SIM115
        assert {"README.txt", "metadata.json", "open-sdg.csv"} <= set(archive.namelist())

        follow(public.get_by_role("link", name=REFUGEES).first)
        public.get_by_role(
            "heading", level=1, name="Anzahl der Flüchtlinge steigt in den Integrationskursen"
        ).wait_for()
        assert public.locator("figure svg").count() >= 1
        assert axe_violations(public) == []

        public.goto("/daten/vergleich/")
        public.get_by_role("heading", level=1, name="Indikatoren vergleichen").wait_for()
        assert "< 5" in public.locator("table").first.inner_text()
        assert axe_violations(public) == []
    finally:
        visitor.close()
