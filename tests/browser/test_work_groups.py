"""Group work in the browser: the moderator opens the Neuss workshop's groups, writes a card and puts a measure into
the concept as a draft; the group page lists it as „Entwurf“, the concept's measure page names the group, and the
integration centre confirms it. axe on the groups list and the group page."""

import re

import pytest
from playwright.sync_api import expect

from querschnitt.participation.demo import PROCESS_TITLE
from querschnitt.participation.models import WorkGroup, WorkshopProcess
from querschnitt.strategy.models import Measure

from .conftest import axe_violations, follow, login

pytestmark = pytest.mark.browser

DRAFT_TITLE = "Sprachcafés in allen kreisangehörigen Kommunen (Browsertest)"


def test_moderator_drafts_a_measure_and_the_centre_confirms_it(page, live_server):
    process = WorkshopProcess.objects.get(title=PROCESS_TITLE)
    login(page, "moderation@querschnitt.example")
    page.goto(f"/k/{process.body.slug}/workshop/{process.pk}/")
    follow(page.get_by_role("link", name="Arbeitsgruppen"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Arbeitsgruppen")
    groups = page.get_by_test_id("work-groups")
    expect(groups.get_by_role("row")).to_have_count(8)  # header, six fields, process steering
    assert axe_violations(page) == []

    follow(groups.get_by_role("link", name="Sprache", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbeitsgruppe: Sprache")
    assert axe_violations(page) == []
    page.locator("#karte").get_by_label("Karte", exact=True).fill("Sprachpaten aus den Vereinen gewinnen")
    follow(page.get_by_role("button", name="Karte hinzufügen"))
    expect(page.get_by_text("Die Karte wurde hinzugefügt.")).to_be_visible()
    expect(page.get_by_text("Sprachpaten aus den Vereinen gewinnen", exact=True)).to_be_visible()

    draft_form = page.locator("#entwurf")
    draft_form.get_by_label("Was die Gruppe entwirft").select_option("measure")
    draft_form.get_by_label("Text", exact=True).fill(DRAFT_TITLE)
    follow(page.get_by_role("button", name="Entwurf ins Konzept aufnehmen"))
    expect(page.get_by_text("Der Entwurf steht jetzt im Konzept")).to_be_visible()
    draft_link = page.get_by_role("link", name=DRAFT_TITLE)
    expect(draft_link).to_be_visible()
    expect(page.locator("li", has=draft_link).get_by_text("Entwurf", exact=True)).to_be_visible()

    measure = Measure.objects.get(title=DRAFT_TITLE)
    group = WorkGroup.objects.get(process=process, title="Sprache")
    assert measure.draft and list(measure.drafting_groups.all()) == [group]
    assert measure.field == group.field

    # The integration centre finds the draft in the concept, sees where it came from and confirms it.
    page.context.clear_cookies()
    login(page, "ki@querschnitt.example")
    page.goto(f"/k/{process.body.slug}/massnahme/{measure.pk}/")
    expect(page.get_by_text(re.compile("Arbeitsgruppe „Sprache“"))).to_be_visible()
    follow(page.get_by_role("button", name="Entwurf bestätigen"))
    measure.refresh_from_db()
    assert not measure.draft
