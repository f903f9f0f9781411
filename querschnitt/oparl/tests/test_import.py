"""The OParl import against recorded answers of a council information system (`fixtures/import`, see `recorded`):
what the first run brings, what the second asks for and changes, how quirks, broken objects and failing servers
are logged and tolerated, and how imported papers are linked to ours. No test touches the network."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from querschnitt.committees import models as m
from querschnitt.committees.tests.factories import PaperFactory
from querschnitt.core.exceptions import ApplicationError
from querschnitt.oparl import importer, services
from querschnitt.oparl.importer import MSG_CONNECTION, MSG_TIMEOUT, FetchError, RunLog
from querschnitt.oparl.models import ImportRun
from querschnitt.tenancy.tests.factories import BodyFactory

from .recorded import AGS, BASE, BODY_URL, SYSTEM_URL, RecordedOParl, failing, fixture

BERLIN = ZoneInfo("Europe/Berlin")
LISTS = {
    "organizations": f"{BASE}/bodies/1/organizations",
    "people": f"{BASE}/bodies/1/people",
    "meetings": f"{BASE}/bodies/1/meetings",
    "papers": f"{BASE}/bodies/1/papers",
}


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr(importer, "RETRY_DELAYS", (0.0, 0.0))


@pytest.fixture
def city(db):
    return BodyFactory(name="Beispielstadt", ags=AGS, slug="beispielstadt")


@pytest.fixture
def ours(city):
    """Our own papers of the body, whose numbers the council's papers carry."""
    return SimpleNamespace(
        motion=PaperFactory(
            body=city, reference="ACI/2026/001", name="Niederschwellige Sprachkurse mit Kinderbetreuung", public=True
        ),
        report=PaperFactory(
            body=city, reference="ACI/2026/002", name="Integrationsbericht", paper_type=m.PaperType.NOTICE, public=True
        ),
        unrelated=PaperFactory(body=city, reference="ACI/2026/003", name="Anfrage Beratungsstellen", public=True),
    )


@pytest.fixture
def source(city):
    return services.oparl_source_save(actor=None, body=city, url=SYSTEM_URL, name="Ratsinformationssystem")


def imported(model, path):
    return model.objects.get(external_id=f"{BASE}/{path}")


def run_import(source, **overrides):
    fetch = RecordedOParl(overrides)
    run = services.oparl_import_run(actor=None, source=source, fetch=fetch)
    source.refresh_from_db()
    return run, fetch


def logged(run, message):
    """The log entries of `run` with this msgid."""
    return [entry for entry in run.log if entry["message"] == message]


# --- the first run -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_first_import_follows_the_nose_from_the_system_to_every_list_and_page(source):
    run, fetch = run_import(source)

    assert fetch.requested == [
        SYSTEM_URL,
        f"{BASE}/bodies",
        LISTS["organizations"],
        LISTS["organizations"] + "?page=2",
        LISTS["people"],
        LISTS["meetings"],
        LISTS["meetings"] + "?page=2",
        f"{BASE}/meetings/104",  # a list entry given by its URL
        LISTS["papers"],
        LISTS["papers"] + "?page=2",
        f"{BASE}/organizations/5",  # a committee in no list, named by a consultation
        f"{BASE}/organizations/77",  # another one that cannot be read (404)
    ]
    assert run.requests == len(fetch.requested)
    # The system holds two bodies: ours is the one with our municipality key.
    assert source.body_url == BODY_URL
    assert run.full is True and run.modified_since is None
    # Broken objects were skipped, so the run is partial; but every list was read to its end, so the next run
    # asks only for changes.
    assert run.status == ImportRun.Status.PARTIAL
    assert run.finished is not None
    assert source.last_success_at == run.started


@pytest.mark.django_db
def test_first_import_creates_committees_persons_and_memberships_with_names_only(source, city):
    run, _fetch = run_import(source)

    organizations = m.Organization.objects.filter(body=city)
    assert organizations.count() == 5 == run.count("organization", "created")
    assert all(organization.is_imported for organization in organizations)
    council = imported(m.Organization, "organizations/1")
    social = imported(m.Organization, "organizations/2")
    group = imported(m.Organization, "organizations/3")
    district = imported(m.Organization, "organizations/5")
    assert (council.name, council.kind) == ("Rat der Stadt Beispielstadt", m.OrganizationKind.COUNCIL)
    assert (social.short_name, social.kind, social.start_date) == (
        "ASIG",
        m.OrganizationKind.SPECIALIST_COMMITTEE,
        dt.date(2025, 11, 3),
    )
    assert social.location.description == "Rathaus, Sitzungssaal 1"
    assert social.website == "https://www.beispielstadt.example/asig"
    assert group.kind == m.OrganizationKind.PARLIAMENTARY_GROUP
    assert district.name == "Bezirksvertretung Nord"
    # Never an integration kind: those mark the committee the platform runs itself.
    assert not organizations.filter(kind__in=["aci", "integrationsrat", "integrationsausschuss"]).exists()
    # A deleted organization never seen before is not created.
    assert not m.Organization.objects.filter(external_id=f"{BASE}/organizations/9").exists()

    schulz = imported(m.Person, "persons/11")
    assert (schulz.family_name, schulz.given_name, schulz.title, schulz.form_of_address) == (
        "Schulz",
        "Anna",
        "Dr.",
        "Frau",
    )
    # The source publishes e-mail, phone and a life story: none of it is taken over.
    assert (schulz.email, schulz.phone, schulz.profile_text) == ("", "", "")
    assert schulz.consent_given_on is None
    kaya = imported(m.Person, "persons/12")
    assert (kaya.given_name, kaya.family_name) == ("Mehmet", "Kaya")  # from "name" alone

    memberships = {
        (membership.person.family_name, membership.organization.name): membership
        for membership in m.Membership.objects.filter(organization__body=city).select_related("person", "organization")
    }
    assert len(memberships) == 5
    chair = memberships[("Schulz", social.name)]
    assert (chair.role, chair.group, chair.voting_right) == (
        m.MembershipRole.CHAIR,
        m.MembershipGroup.COUNCIL_MEMBER,
        True,
    )
    expert = memberships[("Weber", social.name)]
    assert (expert.group, expert.role, expert.voting_right) == (
        m.MembershipGroup.EXPERT_RESIDENT,
        m.MembershipRole.MEMBER,
        False,
    )
    assert memberships[("Kaya", council.name)].on_behalf_of == group
    assert memberships[("Kaya", group.name)].role == m.MembershipRole.CHAIR


@pytest.mark.django_db
def test_first_import_creates_meetings_with_location_and_public_agenda_items(source, city):
    run, _fetch = run_import(source)

    meeting = imported(m.Meeting, "meetings/101")
    assert meeting.name == "12. Sitzung des Ausschusses für Soziales, Integration und Gesundheit"
    assert meeting.start == dt.datetime(2026, 2, 24, 17, 0, tzinfo=BERLIN)
    assert meeting.end == dt.datetime(2026, 2, 24, 19, 30, tzinfo=BERLIN)
    assert (meeting.meeting_state, meeting.cancelled) == (m.MeetingState.INVITED, False)
    assert list(meeting.organizations.all()) == [imported(m.Organization, "organizations/2")]
    assert meeting.location == imported(m.Organization, "organizations/2").location  # one location, found again
    assert m.Location.objects.filter(body=city).count() == 1
    # Only public items: the non-public one stays in the council's system.
    items = list(meeting.agenda_items.order_by("order"))
    assert [(item.number, item.public) for item in items] == [("1", True), ("2", True)]
    assert not m.AgendaItem.objects.filter(external_id=f"{BASE}/agendaitems/1003").exists()
    assert run.count("agendaItem", "skipped") == 1
    assert items[1].consultation == imported(m.Consultation, "consultations/5101")
    assert items[1].result == "empfohlen"

    # A time without offset is German local time.
    council_meeting = imported(m.Meeting, "meetings/102")
    assert council_meeting.start == dt.datetime(2026, 3, 26, 17, 0, tzinfo=BERLIN)
    # A list entry given by URL was read and imported; the broken meeting was not.
    assert imported(m.Meeting, "meetings/104").organizations.get().name == "Haupt- und Finanzausschuss"
    assert not m.Meeting.objects.filter(external_id=f"{BASE}/meetings/103").exists()
    assert m.Meeting.objects.filter(body=city).count() == 3


@pytest.mark.django_db
def test_first_import_creates_papers_with_their_beratungsfolge_and_skips_files(source, city, ours):
    run, _fetch = run_import(source)

    motion = imported(m.Paper, "papers/201")
    assert (motion.reference, motion.paper_type, motion.date, motion.public) == (
        "V/0815/2026",
        m.PaperType.MOTION,
        dt.date(2026, 2, 10),
        True,
    )
    assert motion.oparl_origin.web == "https://ris.beispielstadt.example/vo020.asp?VOLFDNR=815"
    assert motion.oparl_origin.paper_type == "Antrag"
    steps = list(motion.consultations.order_by("order").select_related("organization", "meeting"))
    assert [
        (step.organization.name, step.role, step.authoritative, step.meeting.name, step.result) for step in steps
    ] == [
        (
            "Ausschuss für Soziales, Integration und Gesundheit",
            m.ConsultationRole.PRELIMINARY,
            False,
            "12. Sitzung des Ausschusses für Soziales, Integration und Gesundheit",
            "empfohlen",
        ),
        ("Rat der Stadt Beispielstadt", m.ConsultationRole.DECISION, True, "5. Sitzung des Rates", ""),
    ]
    # The council's agenda item was imported before its consultation: they are linked all the same.
    assert steps[1].agenda_item == imported(m.AgendaItem, "agendaitems/1021")

    # The council uses our number for the report: the number stays with the import's origin, the paper is linked.
    report = imported(m.Paper, "papers/202")
    assert (report.reference, report.oparl_origin.reference) == ("", "ACI/2026/002")
    assert (report.paper_type, report.oparl_origin.paper_type) == (m.PaperType.NOTICE, "Mitteilungsvorlage")

    budget = imported(m.Paper, "papers/203")
    assert budget.paper_type == m.PaperType.DRAFT_RESOLUTION
    assert [(step.organization.name, step.role) for step in budget.consultations.order_by("order")] == [
        ("Haupt- und Finanzausschuss", m.ConsultationRole.PRELIMINARY),
        ("Bezirksvertretung Nord", m.ConsultationRole.HEARING),
        ("Rat der Stadt Beispielstadt", m.ConsultationRole.DECISION),
    ]
    question = imported(m.Paper, "papers/204")
    assert question.paper_type == m.PaperType.QUESTION
    assert not question.consultations.exists()  # its committee could not be read

    # Files are never downloaded: counted only, and no File object exists.
    assert run.count("file", "skipped") == 4
    assert not m.File.objects.filter(body=city).exists()
    assert run.count("paper", "created") == 4
    assert run.count("consultation", "created") == 6


# --- the second run ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_second_import_asks_only_for_changes_since_the_first_and_updates_and_deletes(source, city, ours):
    first, _fetch = run_import(source)
    assert m.Person.objects.filter(body=city, deleted=False).count() == 3

    second, fetch = run_import(source)

    since = timezone.localtime(first.started - services.OVERLAP).isoformat(timespec="seconds")
    assert second.full is False and second.modified_since == first.started - services.OVERLAP
    lists = [url for url in fetch.requested if "/bodies/1/" in url]
    assert fetch.requested_paths() == [
        SYSTEM_URL,
        f"{BASE}/bodies",
        LISTS["organizations"] + "?modified_since=*",
        LISTS["people"] + "?modified_since=*",
        LISTS["meetings"] + "?modified_since=*",
        LISTS["meetings"] + "?modified_since=*&page=2",  # the next link had dropped the filter
        LISTS["papers"] + "?modified_since=*",
    ]
    for url in lists:
        assert parse_qs(urlsplit(url).query)["modified_since"] == [since], url
    assert second.status == ImportRun.Status.OK

    # Changed: a family name, a meeting held with its result, which becomes the consultation's result.
    assert imported(m.Person, "persons/13").family_name == "Weber-Yılmaz"
    held = imported(m.Meeting, "meetings/102")
    assert held.meeting_state == m.MeetingState.HELD
    assert imported(m.AgendaItem, "agendaitems/1021").result == "mehrheitlich beschlossen"
    assert imported(m.Consultation, "consultations/5102").result == "mehrheitlich beschlossen"
    # Deleted in the source (`deleted: true`): soft-deleted here, with what belongs to it.
    kaya = imported(m.Person, "persons/12")
    assert kaya.deleted is True
    assert set(kaya.memberships.values_list("deleted", flat=True)) == {True}
    budget = imported(m.Paper, "papers/203")
    assert budget.deleted is True
    assert set(budget.consultations.values_list("deleted", flat=True)) == {True}
    # An agenda item that disappeared from its meeting is deleted there.
    assert imported(m.AgendaItem, "agendaitems/1001").deleted is True
    assert imported(m.AgendaItem, "agendaitems/1002").deleted is False
    # Found again by external_id, updated in place: nothing new.
    assert second.total("created") == 0
    assert m.Paper.objects.filter(body=city).exclude(external_id="").count() == 4
    assert second.count("paper", "unchanged") == 1
    assert second.count("paper", "deleted") == 1
    assert second.count("person", "updated") == 1
    assert second.count("person", "deleted") == 1
    assert second.count("agendaItem", "deleted") == 1
    # The history records the import's changes (who: nobody, it was the command).
    assert imported(m.Person, "persons/13").history.count() == 2


@pytest.mark.django_db
def test_a_full_run_reads_everything_again_and_a_new_address_starts_over(source, city):
    run_import(source)
    full = services.oparl_import_run(actor=None, source=source, full=True, fetch=(fetch := RecordedOParl()))
    assert full.full is True
    assert not [url for url in fetch.requested if "modified_since" in url]
    assert full.total("created") == 0
    assert full.count("paper", "unchanged") == 4

    services.oparl_source_save(actor=None, body=city, url=BODY_URL, name="Ratsinformationssystem")
    source.refresh_from_db()
    assert source.last_success_at is None and source.body_url == ""
    again, fetch = run_import(source)
    assert fetch.requested[0] == BODY_URL
    assert again.full is True
    assert source.body_url == BODY_URL


# --- quirks, broken objects and failing servers -------------------------------------------------------------


@pytest.mark.django_db
def test_vendor_quirks_are_tolerated_and_logged_once_per_kind(source, ours):
    first, _fetch = run_import(source)
    second, _fetch = run_import(source)

    def quirk_count(run, code):
        entries = logged(run, importer.QUIRKS[code][1])
        assert len(entries) == 1, (code, entries)
        return entries[0]["params"]["count"]

    assert quirk_count(first, "plain_array") == 1  # the person list is a plain array (OParl 1.0)
    assert quirk_count(first, "url_items") == 1
    assert quirk_count(first, "no_offset") == 2  # start and end of the council meeting
    assert quirk_count(first, "missing_modified") == 1
    assert quirk_count(first, "non_public_items") == 1
    assert quirk_count(first, "reference_taken") == 1
    assert quirk_count(second, "next_without_filter") == 1
    assert logged(first, importer.QUIRKS["plain_array"][1])[0]["url"] == LISTS["people"]
    # The log is shown in the reader's language.
    with translation.override("de"):
        texts = [line["text"] for line in first.log_lines()]
    assert "Listenseiten als reines JSON-Array ohne Paginierung (OParl 1.0): 1." in texts
    assert "Zeiten ohne Zeitzonenangabe, als deutsche Ortszeit gelesen: 2." in texts


@pytest.mark.django_db
def test_broken_objects_are_skipped_and_logged_while_the_rest_lands(source, city):
    run, _fetch = run_import(source)

    errors = {(entry["message"], entry["url"]) for entry in run.log if entry["level"] == "error"}
    assert (
        "A meeting without a valid start (%(value)s) was skipped.",
        f"{BASE}/meetings/103",
    ) in errors
    assert (importer.MSG_ENTRY_NOT_OBJECT, LISTS["meetings"] + "?page=2") in errors
    assert (importer.MSG_HTTP, f"{BASE}/organizations/77") in errors
    assert ("A consultation was skipped: its committee is not known.", f"{BASE}/consultations/5401") in errors
    assert run.count("meeting", "skipped") == 1
    assert run.count("consultation", "skipped") == 1
    # The rest landed: the meeting after the broken one, and the paper whose consultation was skipped.
    assert imported(m.Meeting, "meetings/104")
    assert imported(m.Paper, "papers/204").name == "Anfrage zur Kita-Versorgung"
    with translation.override("de"):
        texts = [line["text"] for line in run.log_lines("error")]
    assert "Eine Sitzung ohne gültigen Beginn (demnächst) wurde übersprungen." in texts


@pytest.mark.django_db
def test_an_object_that_does_not_fit_our_fields_is_skipped_alone(source, city):
    # A name far too long is shortened, an invalid website left out: the organizations are kept.
    import json

    page = json.loads(fixture("organizations-2.json"))
    page["data"][0]["website"] = "kein Link"
    page["data"][1]["name"] = "Haupt- und Finanzausschuss " * 20
    run, _fetch = run_import(source, **{LISTS["organizations"] + "?page=2": json.dumps(page).encode()})

    group = imported(m.Organization, "organizations/3")
    assert group.website == ""
    finance = imported(m.Organization, "organizations/4")
    assert len(finance.name) == 300 and finance.name.endswith("…")
    assert logged(run, importer.QUIRKS["truncated"][1])
    assert logged(run, importer.QUIRKS["bad_optional_value"][1])


@pytest.mark.django_db
def test_timeouts_are_retried_a_limited_number_of_times_then_logged_and_the_next_run_reads_everything(source):
    timeout = FetchError(MSG_TIMEOUT, retryable=True, seconds=30)
    run, fetch = run_import(source, **{LISTS["papers"] + "?page=2": timeout})

    attempts = [url for url in fetch.requested if url == LISTS["papers"] + "?page=2"]
    assert len(attempts) == 1 + len(importer.RETRY_DELAYS) == 3
    assert run.status == ImportRun.Status.PARTIAL
    assert logged(run, MSG_TIMEOUT)[0]["url"] == LISTS["papers"] + "?page=2"
    assert logged(run, importer.QUIRKS["retried"][1])[0]["params"]["count"] == 2
    # The papers of the first page landed; those of the second did not, so the next run must not skip them.
    assert imported(m.Paper, "papers/201")
    assert not m.Paper.objects.filter(external_id=f"{BASE}/papers/203").exists()
    assert source.last_success_at is None


@pytest.mark.django_db
def test_a_server_error_that_passes_is_retried_and_the_run_is_complete(source):
    error = FetchError(importer.MSG_HTTP, retryable=True, status=503)
    run, fetch = run_import(
        source, **{LISTS["papers"] + "?page=2": failing(2, error, lambda url: fixture("papers-2.json"))}
    )
    assert fetch.requested.count(LISTS["papers"] + "?page=2") == 3
    assert imported(m.Paper, "papers/203")
    assert source.last_success_at == run.started
    assert LISTS["papers"] + "?page=2" not in [entry["url"] for entry in logged(run, importer.MSG_HTTP)]
    assert logged(run, importer.QUIRKS["retried"][1])[0]["params"]["count"] == 2


@pytest.mark.django_db
def test_an_http_error_that_repeating_cannot_fix_is_not_repeated(source):
    run, fetch = run_import(source, **{LISTS["people"]: FetchError(importer.MSG_HTTP, status=403)})
    assert fetch.requested.count(LISTS["people"]) == 1
    assert logged(run, importer.MSG_HTTP)[0]["params"] == {"status": 403}
    assert run.status == ImportRun.Status.PARTIAL
    assert not m.Person.objects.exists()
    assert imported(m.Paper, "papers/201")  # the other lists were read


@pytest.mark.django_db
def test_invalid_json_is_logged_and_skipped(source):
    run, _fetch = run_import(source, **{LISTS["organizations"] + "?page=2": b'{"data": [ {"id": '})

    assert logged(run, importer.MSG_INVALID_JSON)[0]["url"] == LISTS["organizations"] + "?page=2"
    assert run.status == ImportRun.Status.PARTIAL
    assert imported(m.Organization, "organizations/1")
    assert source.last_success_at is None
    with translation.override("de"):
        assert "Die Antwort ist kein gültiges JSON und wurde übersprungen." in [
            line["text"] for line in run.log_lines()
        ]


@pytest.mark.django_db
def test_an_unreachable_system_fails_the_run_with_a_clear_line(source, city):
    error = FetchError(MSG_CONNECTION, retryable=True, detail="Name or service not known")
    run, fetch = run_import(source, **{SYSTEM_URL: error})

    assert fetch.requested == [SYSTEM_URL] * 3
    assert run.status == ImportRun.Status.FAILED
    assert [entry["message"] for entry in run.log if entry["level"] == "error"] == [
        MSG_CONNECTION,
        services.MSG_NO_ENTRY,
    ]
    assert source.last_success_at is None
    assert not m.Organization.objects.filter(body=city).exists()
    with translation.override("de"):
        assert run.log_lines("error")[0]["text"] == "Keine Verbindung zum Server (Name or service not known)."


@pytest.mark.django_db
def test_an_address_that_is_no_system_or_body_fails_the_run(source):
    run, _fetch = run_import(source, **{SYSTEM_URL: fixture("meeting-104.json")})
    assert run.status == ImportRun.Status.FAILED
    assert logged(run, services.MSG_WRONG_ENTRY)[0]["params"] == {"type": "https://schema.oparl.org/1.1/Meeting"}


@pytest.mark.django_db
def test_a_system_with_several_bodies_needs_our_key_or_the_address_of_the_body(db):
    elsewhere = BodyFactory(name="Anderswo", ags="05999902")
    source = services.oparl_source_save(actor=None, body=elsewhere, url=SYSTEM_URL)

    run, _fetch = run_import(source)

    assert run.status == ImportRun.Status.FAILED
    [entry] = logged(run, services.MSG_WHICH_BODY)
    assert entry["params"]["count"] == 2
    assert BODY_URL in entry["params"]["bodies"] and "Kreis Musterland" in entry["params"]["bodies"]
    assert not m.Organization.objects.filter(body=elsewhere).exists()

    # With the body's address it works.
    services.oparl_source_save(actor=None, body=elsewhere, url=BODY_URL)
    source.refresh_from_db()
    run, _fetch = run_import(source)
    assert run.status == ImportRun.Status.PARTIAL
    assert m.Organization.objects.filter(body=elsewhere).count() == 5


@pytest.mark.django_db
def test_the_same_source_in_two_bodies_gives_each_its_own_objects(source, city):
    other = BodyFactory(name="Nachbarstadt")
    other_source = services.oparl_source_save(actor=None, body=other, url=BODY_URL)
    run_import(source)
    run_import(other_source)
    assert m.Organization.objects.filter(body=city).count() == 5
    assert m.Organization.objects.filter(body=other).count() == 5
    assert m.Paper.objects.filter(external_id=f"{BASE}/papers/201").count() == 2


# --- linking our papers ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_imported_papers_are_linked_to_ours_by_number_and_each_link_is_logged_once(source, ours):
    run, _fetch = run_import(source)

    motion, report = imported(m.Paper, "papers/201"), imported(m.Paper, "papers/202")
    # 201 carries our number in its name, 202 has it as its number.
    assert list(ours.motion.related_papers.all()) == [motion]
    assert list(ours.report.related_papers.all()) == [report]
    assert not ours.unrelated.related_papers.exists()
    assert list(motion.related_papers.all()) == [ours.motion]  # both ways
    links = logged(run, services.MSG_LINKED)
    assert [(entry["url"], entry["params"]["reference"]) for entry in links] == [
        (f"{BASE}/papers/201", "ACI/2026/001"),
        (f"{BASE}/papers/202", "ACI/2026/002"),
    ]
    again, _fetch = run_import(source)
    assert not logged(again, services.MSG_LINKED)
    assert ours.motion.related_papers.count() == 1


@pytest.mark.django_db
def test_a_number_inside_another_number_is_no_match(source, city):
    PaperFactory(body=city, reference="ACI/2026/00", public=True)  # a prefix of the number in 201's name
    run, _fetch = run_import(source)
    assert not logged(run, services.MSG_LINKED)


# --- who may import ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_office_of_the_body_may_set_up_and_run_the_import(source, city, make_user, other_body):
    for user in (make_user(city, "member"), make_user(city, "reader"), make_user(other_body, "office")):
        with pytest.raises(ApplicationError):
            services.oparl_import_run(actor=user, source=source, fetch=RecordedOParl())
        with pytest.raises(ApplicationError):
            services.oparl_source_save(actor=user, body=city, url=BODY_URL)
    assert not ImportRun.objects.exists()
    office = make_user(city, "office")
    run = services.oparl_import_run(actor=office, source=source, fetch=RecordedOParl())
    assert run.started_by == office
    assert imported(m.Paper, "papers/201").history.first().history_user == office


@pytest.mark.django_db
def test_a_second_run_does_not_start_while_one_is_running(source):
    ImportRun.objects.create(source=source)
    with pytest.raises(ApplicationError):
        services.oparl_import_run(actor=None, source=source, fetch=RecordedOParl())
    # A run that has been "running" for hours died with its process: it does not block.
    ImportRun.objects.update(started=timezone.now() - dt.timedelta(hours=5))
    assert services.oparl_import_run(actor=None, source=source, fetch=RecordedOParl()).status != "running"


@pytest.mark.django_db
def test_a_source_needs_a_web_address(city):
    with pytest.raises(ApplicationError) as refused:
        services.oparl_source_save(actor=None, body=city, url="ris.beispielstadt")
    assert refused.value.field == "url"


# --- reading values ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Antrag", m.PaperType.MOTION),
        ("Antrag der Fraktion", m.PaperType.MOTION),
        ("Beantwortung einer Anfrage", m.PaperType.QUESTION),
        ("Beschlussvorlage", m.PaperType.DRAFT_RESOLUTION),
        ("Mitteilungsvorlage", m.PaperType.NOTICE),
        ("Informationsvorlage", m.PaperType.NOTICE),
        ("Stellungnahme der Verwaltung", m.PaperType.STATEMENT),
        ("Anregung nach § 24 GO", m.PaperType.SUGGESTION),
        ("Vorlage", m.PaperType.DRAFT_RESOLUTION),
        ("Sonstiges", importer.DEFAULT_PAPER_TYPE),
    ],
)
def test_paper_types_map_onto_ours(text, expected):
    assert importer.paper_type(text) == expected


@pytest.mark.parametrize(
    ("role", "authoritative", "expected"),
    [
        ("Vorberatung", False, m.ConsultationRole.PRELIMINARY),
        ("Beschlussfassung", False, m.ConsultationRole.DECISION),
        ("Entscheidung", True, m.ConsultationRole.DECISION),
        ("", True, m.ConsultationRole.DECISION),
        ("Kenntnisnahme", False, m.ConsultationRole.NOTE),
        ("Anhörung", False, m.ConsultationRole.HEARING),
        ("Vorberatung", True, m.ConsultationRole.PRELIMINARY),
    ],
)
def test_consultation_roles_map_onto_ours(role, authoritative, expected):
    assert importer.consultation_role(role, authoritative) == expected


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        ({"familyName": "Schulz", "givenName": "Anna", "title": ["Prof.", "Dr."]}, ("Schulz", "Anna", "Prof. Dr.", "")),
        ({"name": "Dr. Anna Maria Schulz"}, ("Schulz", "Anna Maria", "Dr.", "")),
        ({"name": "Schulz"}, ("Schulz", "", "", "")),
        ({}, ("", "", "", "")),
    ],
)
def test_name_parts(obj, expected):
    assert importer.name_parts(obj, RunLog()) == expected


def test_dates_with_and_without_offset():
    log = RunLog()
    assert importer.parse_datetime("2026-03-26T17:00:00+01:00", log) == dt.datetime(2026, 3, 26, 17, tzinfo=BERLIN)
    assert importer.parse_datetime("2026-03-26T16:00:00Z", log) == dt.datetime(2026, 3, 26, 17, tzinfo=BERLIN)
    assert importer.parse_datetime("2026-07-01T17:00:00", log) == dt.datetime(2026, 7, 1, 17, tzinfo=BERLIN)
    assert importer.parse_datetime("2026-07-01", log) == dt.datetime(2026, 7, 1, 0, tzinfo=BERLIN)
    assert (log.quirk_count("no_offset"), log.quirk_count("date_only")) == (1, 1)
    with pytest.raises(ValueError):
        importer.parse_datetime("nächsten Dienstag", log)
    assert importer.parse_date("2026-07-01T00:30:00+02:00", log) == dt.date(2026, 7, 1)
    assert importer.parse_date("01.07.2026", log) is None
    assert log.quirk_count("bad_optional_value") == 1


def test_a_filter_is_added_to_a_link_with_other_parameters():
    assert importer.with_parameter("https://x.example/l?page=2", "modified_since", "2026-01-01T00:00:00+01:00") == (
        "https://x.example/l?page=2&modified_since=2026-01-01T00%3A00%3A00%2B01%3A00"
    )


@pytest.mark.parametrize("url", ["http://127.0.0.1/oparl", "http://[::1]/oparl", "file:///etc/passwd", "ftp://x/y"])
def test_the_network_fetch_reads_only_public_web_addresses(url, settings):
    settings.QUERSCHNITT_OPARL_IMPORT_ALLOW_PRIVATE = False
    with pytest.raises(FetchError) as refused:
        importer.http_fetch(url)
    assert refused.value.message == importer.MSG_NOT_ALLOWED
    assert refused.value.retryable is False
