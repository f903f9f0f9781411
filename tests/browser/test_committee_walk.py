"""Issue 4, "Done when": the Geschäftsstelle plans a meeting, invites in time, runs it (attendance, quorum, votes),
signs the minutes and tables a motion whose Beratungsfolge ends in a council decision — all in the browser.

The walk uses the demo of the city of Neuss: its Ausschuss für Chancengerechtigkeit und Integration (15 seats under
the Hauptsatzung, ten voting members, a deputy for Maria Kowalski, chair Aylin Demir, minute-taker Petra Lange),
the Sozialausschuss and the council. Ids come from the database (they differ on PostgreSQL).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from querschnitt.committees.models import Meeting, MeetingDispatch, Organization, OrganizationKind, Paper
from querschnitt.tenancy.models import Body

from .conftest import axe_violations, follow, login, open_from_navigation

pytestmark = pytest.mark.browser

MOTION = "Dolmetschpool für Elterngespräche in Kitas und Schulen"
SECRET_ITEM = "Ehrenamtspauschale für eine Sprachmittlerin"
SECRET_REASON = "Angaben zu einer Einzelperson (§ 48 Abs. 2 GO NRW)"
PUBLIC_MINUTES = "Die Vorsitzende eröffnet um 17:30 Uhr. Der Ausschuss empfiehlt dem Rat den Dolmetschpool."
NON_PUBLIC_MINUTES = "Zur Ehrenamtspauschale berichtet die Verwaltung über die persönliche Lage der Sprachmittlerin."


def _alerts(page) -> str:
    """The text of the page's messages (success, information, warnings and errors); read after `follow()`, which
    waits for the page."""
    return " ".join(page.locator(".kern-alert").all_inner_texts())


def _field(scope, label: str):
    """A form field by its label, whether or not the label says "– optional"."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s*– optional)?$"))


def _row(scope, name):
    """The table row whose row header is `name` (text or pattern), in a page or a table."""
    page = getattr(scope, "page", scope)
    return scope.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name, exact=True))


def test_office_runs_a_meeting_and_the_motion_ends_in_a_council_decision(page, browser, live_server):
    neuss = Body.objects.get(slug="neuss")
    aci = Organization.objects.get(body=neuss, kind=OrganizationKind.ACI)
    social = Organization.objects.get(body=neuss, name="Sozialausschuss")
    council = Organization.objects.get(body=neuss, kind=OrganizationKind.COUNCIL)
    login(page, "neuss@querschnitt.example")

    # 1. Plan the next meeting two weeks ahead and take the model agenda.
    open_from_navigation(page, "Neuss", "Gremienarbeit", "Sitzungen")
    follow(page.get_by_role("link", name="Sitzung planen"))
    page.get_by_role("checkbox", name=aci.name).check()
    _field(page, "Bezeichnung der Sitzung").fill("3. Sitzung des Ausschusses")
    day = timezone.localdate() + timedelta(days=14)
    _field(page, "Datum").fill(day.isoformat())
    _field(page, "Beginn").fill("17:30")
    _field(page, "Voraussichtliches Ende").fill("19:30")
    _field(page, "Oder ein neuer Ort").fill("Rathaus, Sitzungssaal 2")
    follow(page.get_by_role("button", name="Speichern"))
    page.wait_for_url(re.compile(r"/sitzung/\d+/$"))
    assert "Die Sitzung ist geplant." in _alerts(page)
    meeting = Meeting.objects.get(body=neuss, name="3. Sitzung des Ausschusses")
    meeting_url = page.url
    assert page.get_by_text("geplant", exact=True).is_visible()
    assert page.get_by_text(day.strftime("%d.%m.%Y")).first.is_visible()
    assert page.get_by_text("Rathaus, Sitzungssaal 2").is_visible()

    follow(page.get_by_role("link", name="Punkte aus einer Muster-Tagesordnung übernehmen"))
    page.get_by_role("radio", name=re.compile(r"^Muster-Tagesordnung")).check()
    follow(page.get_by_role("button", name="Punkte übernehmen"))
    assert "8 Punkte wurden in die Tagesordnung übernommen." in _alerts(page)
    public_part = page.get_by_role("table", name="Öffentlicher Teil")
    assert public_part.get_by_role("rowheader", name="Anträge").is_visible()

    # 2. The motion with its Beratungsfolge: this committee and the Sozialausschuss advise, the council decides.
    open_from_navigation(page, "Neuss", "Gremienarbeit", "Drucksachen")
    follow(page.get_by_role("link", name="Neue Drucksache"))
    _field(page, "Titel").fill(MOTION)
    _field(page, "Art").select_option(label="Antrag")
    page.get_by_role("checkbox", name=aci.name).check()
    _field(page, "Adressat").fill("Rat der Stadt Neuss")
    _field(page, "Text").fill("Eltern mit geringen Deutschkenntnissen brauchen Sprachmittlung.")
    _field(page, "Beschlussvorschlag").fill("Der Rat richtet einen Dolmetschpool ein.")
    follow(page.get_by_role("button", name="Speichern"))
    page.wait_for_url(re.compile(r"/beratungsfolge/$"))
    paper = Paper.objects.get(body=neuss, name=MOTION)
    assert f"Die Drucksache {paper.reference} ist angelegt." in _alerts(page)
    for organization, role, decides in (
        (aci, "Vorberatung", False),
        (social, "Vorberatung", False),
        (council, "Entscheidung", True),
    ):
        _field(page, "Gremium").select_option(label=organization.name)
        _field(page, "Rolle").select_option(label=role)
        if decides:
            page.get_by_role("checkbox", name="Federführend").check()
        follow(page.get_by_role("button", name="Zur Beratungsfolge hinzufügen"))
        assert f"{organization.name} ist in die Beratungsfolge aufgenommen." in _alerts(page)
    steps = page.get_by_role("table", name=re.compile("^Beratungsfolge"))
    assert [cell.strip() for cell in steps.locator("tbody th").all_inner_texts()] == [
        aci.name,
        social.name,
        council.name,
    ]
    assert "entscheidet die Drucksache" in _row(page, council.name).inner_text()
    assert page.get_by_text(re.compile(r"^Status:")).inner_text().split(":")[1].strip() == "in Beratung"

    # Put the motion on the agenda, under "Anträge", and add a non-public item with its reason.
    open_from_navigation(page, "Neuss", "Gremienarbeit", "Sitzungen")
    follow(page.get_by_role("link", name="3. Sitzung des Ausschusses"))
    follow(page.get_by_role("link", name="Tagesordnungspunkt hinzufügen"))
    paper_choice = _field(page, "Drucksache (aus ihrer Beratungsfolge)")
    offered = [text.strip() for text in paper_choice.locator("option").all_inner_texts()]
    assert f"{paper.reference} {MOTION} – ACI (Vorberatung)" in offered, offered
    paper_choice.select_option(label=f"{paper.reference} {MOTION} – ACI (Vorberatung)")
    follow(page.get_by_role("button", name="Speichern"))
    assert "Der Punkt wurde in die Tagesordnung aufgenommen." in _alerts(page)
    for _ in range(3):
        follow(page.get_by_role("button", name=re.compile(r"Nach oben\s*:\s*\d+ " + re.escape(MOTION))))
    follow(page.get_by_role("link", name="Tagesordnungspunkt hinzufügen"))
    _field(page, "Gegenstand").fill(SECRET_ITEM)
    page.get_by_role("radio", name="im nichtöffentlichen Teil").check()
    _field(page, "Grund für die nichtöffentliche Beratung").fill(SECRET_REASON)
    follow(page.get_by_role("button", name="Speichern"))
    assert "Der Punkt wurde in die Tagesordnung aufgenommen." in _alerts(page)
    public_part = page.get_by_role("table", name="Öffentlicher Teil")
    numbers = [cell.strip() for cell in public_part.locator("tbody td:first-child").all_inner_texts()]
    subjects = [cell.split("\n")[0].strip() for cell in public_part.locator("tbody th").all_inner_texts()]
    assert subjects[4:6] == ["Anträge", MOTION], subjects
    assert numbers[:7] == ["1", "2", "3", "4", "5", "6", "7"]
    non_public_part = page.get_by_role("table", name="Nichtöffentlicher Teil")
    assert SECRET_REASON in _row(non_public_part, re.compile(SECRET_ITEM)).inner_text()
    assert axe_violations(page) == []

    # 3. Invite: the notice period is kept, and the dispatch is logged.
    assert page.get_by_text(re.compile(r"Die Ladungsfrist von 7 vollen Tagen ist gewahrt")).is_visible()
    follow(page.get_by_role("button", name="Einladung verschicken"))
    assert re.search(
        r"Die Einladung wurde per E-Mail an \d+ von \d+ Mitgliedern und Stellvertretungen verschickt", _alerts(page)
    )
    log = page.get_by_role("table", name="Versandprotokoll")
    rows = log.locator("tbody tr")
    assert rows.count() == 1
    row_text = rows.first.inner_text()
    assert timezone.localtime().strftime("%d.%m.%Y") in row_text
    assert "gewahrt" in row_text and "nicht gewahrt" not in row_text
    assert "Nadia Haddad" in row_text  # who sent it
    assert page.get_by_text("eingeladen", exact=True).first.is_visible()
    dispatch = MeetingDispatch.objects.get(meeting=meeting)
    assert dispatch.notice_kept

    # 4. The meeting has happened. Time travel by the ORM (no browser can wait two weeks): the meeting and its
    # invitation move 15 days back, so the invitation still lies 14 days before the meeting, which was yesterday.
    shift = timedelta(days=15)
    meeting.refresh_from_db()
    Meeting.objects.filter(pk=meeting.pk).update(
        start=meeting.start - shift, end=meeting.end - shift, invitation_sent_at=meeting.invitation_sent_at - shift
    )
    MeetingDispatch.objects.filter(pk=dispatch.pk).update(sent_at=dispatch.sent_at - shift)
    page.reload()
    follow(page.get_by_role("link", name="Anwesenheit erfassen"))
    absent = "Maria Kowalski"  # replaced by her deputy Jan Nowak
    also_absent = "Kofi Mensah"  # absent, nobody replaces him
    table = page.get_by_role("table", name=re.compile("Mitglieder und Stellvertretungen"))
    for person in table.get_by_role("rowheader").all_inner_texts():
        person = person.strip()
        if person not in (absent, also_absent):
            page.get_by_role("checkbox", name=re.compile(rf"^anwesend\s*:\s*{re.escape(person)}$")).check()
    _field(page, "Jan Nowak vertritt").select_option(label=absent)
    follow(page.get_by_role("button", name="Speichern"))
    assert "Die Anwesenheit wurde gespeichert." in _alerts(page)
    quorum = page.locator("#anwesenheit ~ p").first
    quorum_text = quorum.inner_text()
    assert quorum_text.startswith("Beschlussfähig:"), quorum_text
    assert "9 stimmberechtigte Mitglieder von 15 Sitzen anwesend; nötig sind mindestens 8." in quorum_text
    assert "Darunter ist 1 Stellvertretung für ein abwesendes Mitglied." in quorum_text
    attendance = page.get_by_role("table", name="Anwesenheit")
    assert "abwesend" in _row(attendance, absent).inner_text()
    assert absent in _row(attendance, "Jan Nowak").inner_text()

    # 5. The vote on the motion: a count larger than those present is refused, the real one adopts it.
    follow(page.get_by_role("link", name=re.compile(r"Abstimmung erfassen\s*:\s*\d+ " + re.escape(MOTION))))
    _field(page, "Ja").fill("9")
    _field(page, "Nein").fill("2")
    _field(page, "Enthaltungen").fill("1")
    follow(page.get_by_role("button", name="Abstimmung speichern"))
    assert "12 Stimmen erfasst, aber nur 9 stimmberechtigte Mitglieder sind anwesend" in page.inner_text("main")
    _field(page, "Ja").fill("6")
    _field(page, "Nein").fill("2")
    _field(page, "Enthaltungen").fill("1")
    _field(page, "Beschluss").fill("Der Ausschuss empfiehlt dem Rat, den Dolmetschpool einzurichten.")
    follow(page.get_by_role("button", name="Abstimmung speichern"))
    assert "Das Abstimmungsergebnis wurde erfasst: angenommen." in _alerts(page)
    results = page.locator("#beschluesse ~ ul").first
    assert re.search(r"Angenommen – ja 6, nein 2, Enthaltungen 1", results.inner_text())
    # The vote wrote the committee's step of the Beratungsfolge.
    open_from_navigation(page, "Neuss", "Gremienarbeit", "Drucksachen")
    follow(page.get_by_role("link", name=MOTION))
    aci_step = _row(page, aci.name)
    assert aci_step.locator("td").last.inner_text().strip() == "empfohlen"
    assert meeting.name in aci_step.inner_text()
    assert _row(page, social.name).locator("td").last.inner_text().strip() == "–"
    assert _row(page, council.name).locator("td").last.inner_text().strip() == "–"
    assert page.get_by_role("main").locator(".kern-badge").first.inner_text().strip() == "in Beratung"

    # 6. Minutes: written, signed by chair and minute-taker, then immutable and public (the public part only).
    follow(aci_step.get_by_role("link", name=meeting.name))
    follow(page.get_by_role("link", name="Niederschrift schreiben"))
    _field(page, "Niederschrift des öffentlichen Teils").fill(PUBLIC_MINUTES)
    _field(page, "Niederschrift des nichtöffentlichen Teils").fill(NON_PUBLIC_MINUTES)
    follow(page.get_by_role("button", name="Speichern"))
    assert "Die Niederschrift wurde gespeichert." in _alerts(page)
    assert page.get_by_text("Entwurf, noch nicht unterzeichnet").is_visible()
    assert NON_PUBLIC_MINUTES in page.inner_text("main")  # the office sees the non-public part
    visitor = browser.new_context(base_url=live_server.url, locale="de-DE")
    anonymous = visitor.new_page()
    anonymous.goto(meeting_url)
    assert PUBLIC_MINUTES not in anonymous.inner_text("main")  # a draft is not published
    # The chair and the minute-taker have no account here: the office records their signatures.
    sign = page.get_by_role("form", name="Niederschrift unterzeichnen")
    _field(sign, "Wer unterzeichnet?").select_option(label="Aylin Demir (Vorsitz)")
    follow(sign.get_by_role("button", name="Unterzeichnen"))
    assert "Aylin Demir hat unterzeichnet. Die zweite Unterschrift fehlt noch." in _alerts(page)
    sign = page.get_by_role("form", name="Niederschrift unterzeichnen")
    _field(sign, "Wer unterzeichnet?").select_option(label="Petra Lange (Schriftführung)")
    follow(sign.get_by_role("button", name="Unterzeichnen"))
    assert "Die Niederschrift ist von Vorsitz und Schriftführung unterzeichnet." in _alerts(page)
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert page.get_by_text(f"Aylin Demir am {today}").is_visible()
    assert page.get_by_text(f"Petra Lange am {today}").is_visible()
    assert page.get_by_text("durchgeführt", exact=True).first.is_visible()
    for link in ("Niederschrift schreiben", "Sitzung bearbeiten", "Tagesordnungspunkt hinzufügen"):
        assert page.get_by_role("link", name=link).count() == 0, link
    for link in ("Bearbeiten", "Abstimmung erfassen", "Entfernen", "Anwesenheit erfassen"):
        assert page.get_by_role("link", name=re.compile(rf"^{link}")).count() == 0, link
    assert page.get_by_role("link", name="Berichtigung hinzufügen").is_visible()
    assert axe_violations(page) == []
    # The edit URL leads back to the meeting and says to add a correction; no form is offered, nothing changes.
    page.goto(meeting_url + "niederschrift/")
    assert "Die Niederschrift ist unterzeichnet und lässt sich nicht mehr ändern" in _alerts(page)
    assert page.get_by_role("textbox", name="Niederschrift des öffentlichen Teils").count() == 0
    meeting.refresh_from_db()
    assert meeting.minutes_text == PUBLIC_MINUTES

    anonymous.goto(meeting_url)
    main = anonymous.inner_text("main")
    assert PUBLIC_MINUTES in main
    assert MOTION in main and "Angenommen – ja 6, nein 2, Enthaltungen 1" in main
    assert SECRET_ITEM not in main and SECRET_REASON not in main
    assert NON_PUBLIC_MINUTES not in main
    assert "Nichtöffentlicher Teil" not in main

    # 7. The remaining consultations: the Sozialausschuss recommends, the council adopts: the paper is decided.
    open_from_navigation(page, "Neuss", "Gremienarbeit", "Drucksachen")
    follow(page.get_by_role("link", name=MOTION))
    follow(page.get_by_role("link", name="Beratungsfolge bearbeiten"))
    for organization, result in ((social, "empfohlen"), (council, "beschlossen")):
        follow(page.get_by_role("link", name=re.compile(rf"^Ergebnis\s*:\s*{re.escape(organization.name)}$")))
        _field(page, "Ergebnis").select_option(label=result)
        follow(page.get_by_role("button", name="Speichern"))
        assert "Das Ergebnis ist erfasst." in _alerts(page)
        assert result in _row(page, organization.name).inner_text()
    assert page.get_by_text(re.compile(r"^Status:")).inner_text().split(":")[1].strip() == "beschlossen"
    follow(page.get_by_role("link", name="Zurück zur Drucksache"))
    assert page.get_by_role("main").locator(".kern-badge").first.inner_text().strip() == "beschlossen"
    assert axe_violations(page) == []
    open_from_navigation(page, "Neuss", "Gremienarbeit", "Drucksachen")
    listed = page.get_by_role("row").filter(has=page.get_by_role("link", name=MOTION))
    expect(listed).to_have_count(1)
    cells = [cell.strip() for cell in listed.locator("td").all_inner_texts()]
    assert cells[0] == paper.reference and cells[4] == "beschlossen", cells
    assert cells[5] == f"ACI (empfohlen) → {social.name} (empfohlen) → {council.name} (beschlossen)", cells

    # The public sees the decided paper with its whole Beratungsfolge.
    anonymous.goto(page.url.split("?")[0])
    follow(anonymous.get_by_role("link", name=MOTION))
    assert anonymous.get_by_role("main").locator(".kern-badge").first.inner_text().strip() == "beschlossen"
    for organization, result in ((aci, "empfohlen"), (social, "empfohlen"), (council, "beschlossen")):
        assert _row(anonymous, organization.name).locator("td").last.inner_text().strip() == result, organization
    visitor.close()
