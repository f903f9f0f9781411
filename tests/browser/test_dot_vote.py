"""The dot vote of a workshop: the moderator opens it, five people vote by code on their phones, the projector shows
the ranking with shared ranks, the moderator closes the vote and adopts the result into the concept."""

import re

import pytest
from playwright.sync_api import expect

from querschnitt.accounts.models import User
from querschnitt.participation import services
from querschnitt.participation.models import Ballot, DotVote
from querschnitt.strategy.models import Concept
from querschnitt.tenancy.models import Body

from .conftest import axe_violations, follow, login, open_from_navigation

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
BALLOTS = (
    {"Bildung": 3},
    {"Bildung": 2, "Arbeit": 1},
    {"Arbeit": 2, "Sprache": 1},
    {"Sprache": 2, "Partizipation": 1},
    {"Partizipation": 2, "Bildung": 1},
)


def vote_on_phone(browser, base_url, code, ballot, *, check_accessibility=False):
    context = browser.new_context(base_url=base_url, locale="de-DE", viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto("/abstimmen/")
    phone.get_by_label("Ihr persönlicher Code").fill(code.lower())
    follow(phone.get_by_role("button", name="Weiter zur Abstimmung"))
    expect(phone.get_by_text("3 von 3 Punkten übrig")).to_be_visible()
    if check_accessibility:
        assert axe_violations(phone) == []
        # Large touch targets on the phone.
        box = phone.get_by_role("button", name="Ein Punkt mehr für Bildung").bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
    left = 3
    for label, points in ballot.items():
        for _ in range(points):
            phone.get_by_role("button", name=f"Ein Punkt mehr für {label}").click()
            left -= 1
            expect(phone.get_by_text(f"{left} von 3 Punkten übrig")).to_be_visible()
    phone.get_by_role("button", name="Stimme abgeben").click()
    expect(phone.get_by_text("Danke, Ihre Stimme wurde gezählt.")).to_be_visible()
    context.close()


def test_moderator_runs_a_dot_vote_with_five_phones_and_adopts_it(page, browser, live_server):
    login(page, "moderation@querschnitt.example")
    open_from_navigation(page, "Rhein-Kreis Neuss", "Beteiligung", "Punktabfragen")
    follow(page.get_by_role("link", name="Punktabfrage vorbereiten"))
    page.get_by_label("Titel").fill("Punktabfrage im Browsertest")
    page.get_by_label("Integrationskonzept").select_option(label="Integrationskonzept Rhein-Kreis Neuss (Version 1)")
    page.get_by_label("Die Optionen sind die Handlungsfelder des Konzepts").check()
    page.get_by_label("Punkte pro Person").fill("3")
    page.get_by_label("Live, während abgestimmt wird").check()
    follow(page.get_by_role("button", name="Speichern"))
    expect(page.get_by_role("heading", level=1, name="Punktabfrage im Browsertest")).to_be_visible()

    page.get_by_label("Anzahl neuer Codes").fill("5")
    follow(page.get_by_role("button", name="Codes erzeugen"))
    codes = [code.get_attribute("data-code") for code in page.locator("code[data-code]").all()]
    assert len(codes) == 5
    follow(page.get_by_role("button", name="Abstimmung öffnen"))
    expect(page.get_by_text("Die Abstimmung ist geöffnet.")).to_be_visible()
    assert axe_violations(page) == []

    vote = DotVote.objects.get(title="Punktabfrage im Browsertest")
    projector = page.context.new_page()
    projector.set_default_timeout(15_000)
    projector.goto(f"/k/rhein-kreis-neuss/punktabfrage/{vote.pk}/projektion/")
    expect(projector.get_by_text("0 von 5 haben abgestimmt")).to_be_visible()
    assert axe_violations(projector) == []

    for number, (code, ballot) in enumerate(zip(codes, BALLOTS, strict=True)):
        vote_on_phone(browser, live_server.url, code, ballot, check_accessibility=number == 0)

    # The projector updates itself (htmx polling): equal points share a rank, as in seed 004.
    expect(projector.get_by_text("5 von 5 haben abgestimmt")).to_be_visible()
    ranking = projector.get_by_role("list", name="Rangfolge")
    expect(ranking.locator('[data-rank="1"]')).to_have_text(re.compile(r"1\.\s*Bildung\s*6"))
    expect(ranking.locator('[data-rank="2"]')).to_have_text(
        re.compile(r"2\.\s*Arbeit\s*3\s*·?\s*Sprache\s*3\s*·?\s*Partizipation\s*3")
    )
    expect(ranking.locator('[data-rank="3"]')).to_have_text(
        re.compile(r"3\.\s*Interkulturelle Öffnung\s*0\s*·?\s*Willkommenskultur\s*0")
    )
    assert ranking.locator("li").count() == 3

    page.bring_to_front()
    follow(page.get_by_role("button", name="Abstimmung schließen"))
    expect(page.get_by_text("Die Abstimmung ist geschlossen.")).to_be_visible()
    expect(page.get_by_text("2. Arbeit 3 · Sprache 3 · Partizipation 3")).to_be_visible()
    follow(page.get_by_role("link", name="Ergebnis in das Konzept übernehmen"))
    expect(page.get_by_role("row", name=re.compile("Bildung 6"))).to_be_visible()
    follow(page.get_by_role("button", name="In das Konzept übernehmen"))
    expect(page.get_by_text("Die Rangfolge wurde als Prioritätspunkte in das Konzept übernommen.")).to_be_visible()

    concept = Concept.objects.get(title="Integrationskonzept Rhein-Kreis Neuss")
    assert dict(concept.fields.filter(parent__isnull=True).values_list("title", "priority_points")) == {
        "Bildung": 6,
        "Arbeit": 3,
        "Sprache": 3,
        "Partizipation": 3,
        "Interkulturelle Öffnung": 0,
        "Willkommenskultur": 0,
    }
    vote.refresh_from_db()
    assert vote.status == "closed" and vote.adopted_into == concept and vote.adopted_by.email.startswith("moderation")


def ballot_on_phone(browser, base_url, *, title, points):
    """A dot vote of the demo's Kreis on „Bildung“ and „Arbeit“, opened by the moderation with one code, and that
    code's ballot on a phone: (vote, phone). The caller closes `phone.context`."""
    body = Body.objects.get(slug="rhein-kreis-neuss")
    moderator = User.objects.get(email="moderation@querschnitt.example")
    vote = services.dot_vote_create(
        actor=moderator, body=body, title=title, options=["Bildung", "Arbeit"], points_per_voter=points
    )
    [voter] = services.voters_create(actor=moderator, dot_vote=vote, count=1)
    services.dot_vote_open(actor=moderator, dot_vote=vote)
    context = browser.new_context(base_url=base_url, locale="de-DE", viewport=PHONE, is_mobile=True)
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto("/abstimmen/")
    phone.get_by_label("Ihr persönlicher Code").fill(voter.display_code)
    follow(phone.get_by_role("button", name="Weiter zur Abstimmung"))
    return vote, phone


def test_on_a_slow_network_a_vote_cast_right_after_a_step_is_not_lost(browser, live_server, demo):
    """htmx drops a click on the ballot while the ballot's previous request is out (the form is replaced before the
    queued request could go): a voter who taps „Stimme abgeben“ right after „+“ on a slow network was told nothing
    and had not voted. The cast button is disabled until the step's answer is there, and the focus stays on it."""
    vote, phone = ballot_on_phone(browser, live_server.url, title="Punktabfrage im Funkloch", points=2)
    network = phone.context.new_cdp_session(phone)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 1500, "downloadThroughput": -1, "uploadThroughput": -1},
    )

    phone.get_by_role("button", name="Ein Punkt mehr für Bildung").click()
    cast = phone.get_by_role("button", name="Stimme abgeben")
    expect(cast).to_be_disabled()  # while the step is on its way
    cast.click()  # the tap right after the step: it waits for the button instead of vanishing
    expect(phone.get_by_text("Danke, Ihre Stimme wurde gezählt.")).to_be_visible()
    expect(phone.get_by_text("1 von 2 Punkten übrig")).to_be_visible()
    expect(phone.get_by_role("button", name="Meine Stimme ändern")).to_be_focused()  # not lost with the disabled one
    assert Ballot.objects.get(dot_vote=vote).points == 1
    phone.context.close()
